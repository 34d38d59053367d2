export * from './classification';
export * from './ground-truth';
export * from './inference';
export * from './join';
export * from './prediction';
export * from './regression';
export * from './report';
