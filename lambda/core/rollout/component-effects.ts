/**
 * What a component rollout's transition asks the world to do beside the shared effects (effects.ts): create and
 * delete the temporary candidate component (Strategy B), read a component back, and publish the rollout verdict that
 * the component's verdict alarm watches during SageMaker's rolling update (Strategy A). Data only; the executor
 * (lambda/shared/rollout-executor) applies them, in the order effectOrderProblem allows.
 */
import type { ComponentSpecification } from '../../../contracts/component-rollout';

/** CreateInferenceComponent: the temporary candidate beside the live component (after the persist that records it). */
export interface CreateComponentEffect {
  readonly kind: 'CREATE_COMPONENT';
  readonly endpointName: string;
  readonly variantName: string;
  readonly componentName: string;
  readonly specification: ComponentSpecification;
  readonly copies: number;
}

/** DeleteInferenceComponent (a component already gone is deleted). */
export interface DeleteComponentEffect {
  readonly kind: 'DELETE_COMPONENT';
  readonly componentName: string;
}

/**
 * Read a component back until it shows what is wanted: GONE (not found, or Deleting: it answers nobody), or SERVES
 * `model` (InService with that model). One that does not within the budget is reported, never taken on trust.
 */
export interface VerifyComponentEffect {
  readonly kind: 'VERIFY_COMPONENT';
  readonly componentName: string;
  readonly expect: 'GONE' | 'SERVES';
  /** With SERVES: the model. */
  readonly model?: string;
}

/** PutMetricData of the rollout verdict (1: stop the rolling update; 0: let it go on), high resolution. */
export interface PublishVerdictEffect {
  readonly kind: 'PUBLISH_VERDICT';
  readonly componentName: string;
  readonly stop: boolean;
}

export type ComponentEffect = CreateComponentEffect | DeleteComponentEffect | VerifyComponentEffect | PublishVerdictEffect;
