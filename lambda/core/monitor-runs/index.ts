/** When and where the scheduled monitors read: checkpoints over S3 prefixes, and the Lambda/Athena choice. Pure. */
export * from './checkpoint';
export * from './engine';
export * from './volume';
export * from './athena-poll';
