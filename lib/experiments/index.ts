export * from './experiment-options';
export * from './ab-test-analysis-props';
export * from './ab-test-analysis';
export * from './adaptive-allocation';
export * from './shadow-analysis';
export * from './experiment-variant';
