export * from './payload';
export * from './output-checks';
export * from './output-spec';
