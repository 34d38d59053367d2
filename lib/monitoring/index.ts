export * from './alarm-topic';
export * from './variant-alarms';
