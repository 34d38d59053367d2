export * from './lake-zone';
export * from './lake-lifecycle';
export * from './lake-formation';
export * from './data-lake';
