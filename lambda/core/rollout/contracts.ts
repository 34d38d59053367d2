/**
 * The contracts between the CDK side (lib/rollout renders the state machine, the rules and the custom resource)
 * and the handlers (lambda/rollout-*), and the operator CLI. lib/ cannot import this file (lib never imports
 * lambda/), so lib renders the same shapes as JSON; test/rollout/contracts.test.ts checks both sides agree.
 */
import type { CaptureLocation } from './shadow-replay';
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
  /** Built-in hook: `s3://bucket/key` of a JSONL payload file (format of assets/payloads); unset = bundled iris samples. */
  HOOK_PAYLOADS_S3_URI: 'HOOK_PAYLOADS_S3_URI',
  /** Built-in hook: slowest acceptable InvokeEndpoint round trip, in milliseconds (default 2000). */
  HOOK_MAX_LATENCY_MS: 'HOOK_MAX_LATENCY_MS',
  /** Built-in hook: regex the trimmed response body must match; overrides the default output check. */
  HOOK_EXPECTED_OUTPUT_REGEX: 'HOOK_EXPECTED_OUTPUT_REGEX',
  /** Built-in hook: 'probability' (default: one number in [0, 1], label checked), 'numeric' or 'any'. */
  HOOK_OUTPUT_CHECK: 'HOOK_OUTPUT_CHECK',
  /** Rollback handler: how long to keep retrying a throttled or in-progress endpoint, in seconds (default 300). */
  ROLLBACK_MAX_WAIT_SECONDS: 'ROLLBACK_MAX_WAIT_SECONDS',
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
  /** Identity of the candidate model (e.g. its SageMaker model name), for status and the deploy trigger. */
  readonly candidateModel?: string;
  /**
   * The endpoint's Data Capture location: the shadow phase replays the stable variant's captured requests to the
   * candidate. Required when the plan has a shadow phase (the controller refuses to start without it).
   */
  readonly capture?: CaptureLocation;
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
  /** Optimistic-lock counter: every write of `state` is conditional on it, so a step never clobbers a rollback. */
  readonly version?: number;
  /** Copied from RolloutExecutionInput.candidateModel. */
  readonly candidateModel?: string;
  /** Set when the rollout started although a guarding alarm fired (RolloutExecutionInput.overrideFiringAlarms). */
  readonly overrideFiringAlarms?: boolean;
  /** Copied from RolloutExecutionInput.capture (shadow phases replay from it). */
  readonly capture?: CaptureLocation;
}

/** History entries kept on a record (oldest dropped first). */
export const MAX_HISTORY = 50;

/**
 * ResourceProperties of the deploy trigger before slot-agnostic rollouts (fixed stable and candidate variants).
 * Still read: the first deploy after an upgrade carries them as OldResourceProperties.
 */
export interface RolloutTriggerProperties {
  readonly EndpointName: string;
  readonly StableVariant: string;
  readonly CandidateVariant: string;
  /** Identity of the candidate (model name); an Update starts a rollout only when this or CandidateVariant changed. */
  readonly CandidateModel: string;
  /** JSON of a RolloutPlan (planFromJson validates it). */
  readonly Plan: string;
  readonly AlarmNames?: string[];
  /** 'true' to start although an alarm fires. */
  readonly OverrideFiringAlarms?: string;
  readonly PreTrafficHooks?: string[];
  readonly PostTrafficHooks?: string[];
  /** @default the ROLLOUT_STATE_MACHINE_ARN environment variable */
  readonly StateMachineArn?: string;
}

/** Attributes (Fn::GetAtt) of the deploy-trigger custom resource. Empty strings when no rollout was started. */
export interface RolloutTriggerData {
  readonly ExecutionArn: string;
  readonly RolloutId: string;
  /** The variant whose model changed in this deploy (slot-agnostic rollouts). */
  readonly CandidateVariant?: string;
  readonly CandidateModel?: string;
}

/**
 * What the drain guard and the deploy trigger both carry: the two blue/green slots and each slot's model. At a
 * deploy, the slot whose model changed (OldResourceProperties vs ResourceProperties) is the candidate.
 */
export interface RolloutSlotProperties {
  /** A literal name: the guard runs before the endpoint resource, so it cannot reference it. */
  readonly EndpointName: string;
  /** The two slots (production variant names), in the order given to VariantRollout. */
  readonly Variants: string[];
  /** Model name per slot. */
  readonly VariantModels: Record<string, string>;
}

/** ResourceProperties of the drain guard custom resource (rollout-guard), which the endpoint depends on. */
export type RolloutGuardProperties = RolloutSlotProperties;

/** Attributes of the drain guard: the slot it drained and the one left serving; empty strings when it did nothing. */
export interface RolloutGuardData {
  readonly DrainedVariant: string;
  readonly ServingVariant: string;
}

/**
 * ResourceProperties of the slot-agnostic deploy trigger (rollout-trigger, custom-resources.Provider).
 * CloudFormation passes every scalar as a string, so the plan travels as one JSON string and flags as 'true'.
 */
export interface RolloutSlotTriggerProperties extends RolloutSlotProperties {
  /** JSON of a RolloutPlan (planFromJson validates it). */
  readonly Plan: string;
  /** Built-in candidate-scoped alarms per slot: only the candidate slot's guard a rollout. */
  readonly SlotAlarmNames: Record<string, string[]>;
  /** The user's alarms: they guard every rollout. */
  readonly AlarmNames?: string[];
  /** 'true' to start although an alarm fires. */
  readonly OverrideFiringAlarms?: string;
  readonly PreTrafficHooks?: string[];
  readonly PostTrafficHooks?: string[];
  /** @default the ROLLOUT_STATE_MACHINE_ARN environment variable */
  readonly StateMachineArn?: string;
  /** Data Capture bucket of the endpoint (set when the plan has a shadow phase): becomes RolloutExecutionInput.capture. */
  readonly CaptureBucket?: string;
  /** Data Capture key prefix, without slashes at its ends (with CaptureBucket). */
  readonly CapturePrefix?: string;
}

/** The EventBridge event the rollback Lambda receives (source aws.cloudwatch). */
export interface AlarmStateChangeEvent {
  readonly source?: string;
  readonly 'detail-type'?: string;
  readonly time?: string;
  readonly detail: {
    readonly alarmName: string;
    readonly state: { readonly value: string; readonly reason?: string; readonly timestamp?: string };
    readonly previousState?: { readonly value: string };
  };
}

/** What the rollback Lambda returns (for logs and tests). */
export interface RollbackResult {
  readonly alarmName: string;
  /** Rollouts put back on their stable variant by this invocation or found already rolled back. */
  readonly rollouts: Array<{ readonly endpointName: string; readonly rolloutId: string;
    readonly outcome: 'ROLLED_BACK' | 'ALREADY_ENDED' }>;
}

/** Detail of the library's EventBridge events (detail-type EVENT_ROLLOUT_STATUS). */
export interface RolloutStatusEventDetail {
  readonly endpointName: string;
  readonly rolloutId: string;
  readonly phase: string;
  readonly cause?: string;
  readonly reason: string;
  readonly stableVariant: string;
  readonly candidateVariant: string;
}
