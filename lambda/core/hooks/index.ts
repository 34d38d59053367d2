export * from './payload';
export * from './output-checks';
