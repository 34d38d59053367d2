/**
 * The plan builders live in contracts/rollout-plan-builders.ts (one copy for lib, the CLI, the simulator and the
 * tests); the rollout core re-exports them with the plan's types.
 */
export type { MaxHoldAction, ProbePlan, RolloutHooks, RolloutPlan, RolloutStep, ShadowGates, ShadowPhase } from '../../../contracts/rollout-plan';
export type { BuilderNames, PlanOptions } from '../../../contracts/rollout-plan-builders';
export { allAtOnce, blueGreen, canary, customSteps, linear, shadowFirst } from '../../../contracts/rollout-plan-builders';
