/** Statistics for drift and experiments: pure functions, matched against scipy in ../shared/reference (npm run vectors). */
export * from './special';
export * from './sorting';
export * from './kolmogorov';
export * from './ks';
export * from './mann-whitney';
export * from './contingency';
export * from './distances';
export * from './mean-tests';
export * from './multiplicity';
export * from './random';
