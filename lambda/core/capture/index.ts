export * from './parse';
export * from './record';
