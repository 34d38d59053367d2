/**
 * The contracts between the CDK side (lib/rollout renders the state machine, the rules and the custom resource)
 * and the handlers (lambda/rollout-*), and the operator CLI. lib/ cannot import this file (lib never imports
 * lambda/), so lib renders the same shapes as JSON; test/rollout/contracts.test.ts checks both sides agree.
 */
import { OperatorCommand, RolloutState } from './state';
import { RolloutPlan } from './strategy';

/** Source of the library's own EventBridge events. */
export const EVENT_SOURCE = 'cdk-mlops';
/** detail-type of the events the library publishes. */
export const EVENT_ROLLOUT_STATUS = 'Rollout Status Change';

/** Environment variables the handlers read. */
export const ENV = {
  /** DynamoDB table of rollouts, partition key `endpointName` (string). */
  TABLE: 'ROLLOUT_TABLE_NAME',
  /** SNS topic notified on rollback and failure. */
  TOPIC: 'ROLLOUT_TOPIC_ARN',
  /** EventBridge bus the library's events go to. */
  EVENT_BUS: 'ROLLOUT_EVENT_BUS_NAME',
  /** ARN of the shared rollout state machine (used by the deploy trigger). */
  STATE_MACHINE: 'ROLLOUT_STATE_MACHINE_ARN',
} as const;

/** Input of one rollout execution of the shared state machine. */
export interface RolloutExecutionInput {
  readonly endpointName: string;
  /** Variant that keeps 100% when anything goes wrong. */
  readonly stableVariant: string;
  /** Variant being rolled out. */
  readonly candidateVariant: string;
  readonly plan: RolloutPlan;
  /** CloudWatch alarms scoped to the candidate; any in ALARM rolls back. */
  readonly alarmNames: string[];
  /** Start even though an alarm is already firing (logged). */
  readonly overrideFiringAlarms?: boolean;
  /** Unique id of this rollout (e.g. the deploy's candidate model name plus a timestamp). */
  readonly rolloutId: string;
  /**
   * Pre-/post-traffic hook Lambda ARNs to invoke (the built-in hook and/or user hooks).
   */
  readonly preTrafficHooks?: string[];
  readonly postTrafficHooks?: string[];
}

/** What the controller's `step` returns to the state machine (at `$.step`). */
export interface StepResult {
  /** The decision kind: drives the state machine's Choice. */
  readonly kind: 'WAIT' | 'RUN_PRE_TRAFFIC_HOOK' | 'RUN_POST_TRAFFIC_HOOK' | 'COMPLETE' | 'ROLLED_BACK' | 'FAILED';
  /** Seconds to wait before the next step (for WAIT). */
  readonly waitSeconds: number;
  readonly reason: string;
  readonly phase: RolloutState['phase'];
}

/** Event of the controller Lambda. */
export type ControllerEvent =
  | { readonly action: 'start'; readonly input: RolloutExecutionInput; readonly executionArn: string }
  | { readonly action: 'step'; readonly endpointName: string; readonly rolloutId: string }
  | { readonly action: 'hook-result'; readonly endpointName: string; readonly rolloutId: string;
    readonly hook: 'preTraffic' | 'postTraffic'; readonly passed: boolean; readonly details?: string };

/** Event of a traffic hook Lambda (built-in or the user's). */
export interface HookEvent {
  readonly endpointName: string;
  readonly candidateVariant: string;
  readonly stableVariant: string;
  readonly hook: 'preTraffic' | 'postTraffic';
  readonly rolloutId: string;
}

/** What a hook Lambda returns; a thrown error counts as a failure too. */
export interface HookResult {
  readonly passed: boolean;
  readonly details: string;
}

/** One item of the rollout table. */
export interface RolloutRecord {
  readonly endpointName: string;
  readonly rolloutId: string;
  readonly executionArn: string;
  readonly stableVariant: string;
  readonly candidateVariant: string;
  readonly plan: RolloutPlan;
  readonly alarmNames: string[];
  readonly state: RolloutState;
  /** An operator command waiting for the next step. */
  readonly command?: OperatorCommand;
  /** Newest last; capped. */
  readonly history: Array<{ readonly at: number; readonly kind: string; readonly reason: string }>;
  readonly updatedAt: number;
}
