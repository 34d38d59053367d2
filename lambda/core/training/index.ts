export * from './alarm-windows';
export * from './comparison';
export * from './student-t';
export * from './trigger-policy';
export * from './lineage';
export * from './champion-slots';
