/** The plan of a component rollout (contracts/component-plan.ts: lib/ computes it at synth, the core decides with it). */
export { componentPlan } from '../../../contracts/component-plan';
export type { ComponentPlanOptions } from '../../../contracts/component-plan';
