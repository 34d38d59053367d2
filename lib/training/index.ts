export * from './training-workflow';
