export * from './prng';
export * from './cloudwatch';
export * from './options';
export * from './engine';
export * from './native';
export * from './batch';
export * from './probe';
export * from './controller-signals';
