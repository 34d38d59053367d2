export * from './deployment-strategy';
export * from './deployment-strategy-props';
export * from './native-deployment';
export * from './probe-options';
export * from './rollout-controller';
export * from './variant-rollout';
export * from './variant-rollout-props';
export * from './weight-ownership';
