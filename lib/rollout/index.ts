export * from './deployment-strategy';
export * from './native-deployment';
export type { RolloutPlan, RolloutPlanHooks, RolloutPlanShadow, RolloutPlanShadowGates, RolloutPlanStep } from './rollout-plan';
export * from './rollout-controller';
export * from './variant-rollout';
