export * from './serving';
export * from './monitoring';
export * from './rollout';
export * from './data';
export * from './training';
export * from './platform';
export * from './delivery';
export * from './experiments';
