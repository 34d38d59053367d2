export * from './special';
export * from './msprt';
export * from './fixed-horizon';
export * from './gst';
export * from './srm';
export * from './thompson';
export * from './cuped';
export * from './multiplicity';
