export * from './alarm-topic';
export * from './variant-alarms';
export * from './model-quality-monitor';
export * from './model-quality-monitor-props';
export * from './monitored-capture';
export * from './problem-type';
