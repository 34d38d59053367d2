/**
 * Contracts shared by lib/ (synth time), lambda/ (run time) and bin/ (the CLI): wire formats, event names and
 * limits. Pure TypeScript: nothing here imports aws-cdk-lib or the AWS SDK, so every side can depend on it and no
 * shape is kept in two copies.
 */
export * from './rollout-plan';
export * from './rollout-plan-validation';
export * from './rollout-state';
export * from './rollout-env';
export * from './rollout-execution';
export * from './rollout-resources';
export * from './rollout-bounds';
export * from './rollout-history';
export * from './rollout-state-metrics';
export * from './shadow-answers';
export * from './inference-component';
export * from './component-rollout';
export * from './rollout-plan-builders';
