/**
 * The CloudFormation custom resources of a VariantRollout (the drain guard and the deploy trigger), the alarm events
 * the rollback Lambda receives and the status events the library publishes.
 */

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
 * ResourceProperties of the deploy trigger (rollout-trigger, custom-resources.Provider).
 * CloudFormation passes every scalar as a string, so the plan travels as one JSON string and flags as 'true'.
 */
export interface RolloutTriggerProperties extends RolloutSlotProperties {
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
  /** Data Capture bucket of the endpoint (set when the plan replays captures): becomes RolloutExecutionInput.capture. */
  readonly CaptureBucket?: string;
  /** Data Capture key prefix, without slashes at its ends (with CaptureBucket). */
  readonly CapturePrefix?: string;
}

/** What the deploy trigger did at onEvent (RolloutTriggerData.Action). */
export type TriggerAction = 'NOTHING' | 'START' | 'RESTORE';

/** Attributes (Fn::GetAtt) of the deploy-trigger custom resource. Empty strings when no rollout was started. */
export interface RolloutTriggerData {
  readonly ExecutionArn: string;
  readonly RolloutId: string;
  /** The variant whose model changed in this deploy. */
  readonly CandidateVariant?: string;
  readonly CandidateModel?: string;
  /** What onEvent did; RESTORE: isComplete waits until `RestoreVariant` serves 100%. */
  readonly Action?: TriggerAction;
  /** The slot that must serve everything after a RESTORE. */
  readonly RestoreVariant?: string;
  /** Epoch seconds (as text) onEvent ordered the RESTORE: isComplete's wait for it is bounded from then. */
  readonly RestoreSince?: string;
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

/** Source of the library's own EventBridge events. */
export const EVENT_SOURCE = 'cdk-mlops';
/** detail-type of the events the library publishes on every rollout status change. */
export const EVENT_ROLLOUT_STATUS = 'Rollout Status Change';
/** detail-type of the event published when a rollback could not restore the stable variant. */
export const EVENT_ROLLBACK_FAILED = 'Rollout Rollback Failed';

/** Detail of the library's EventBridge events (detail-type EVENT_ROLLOUT_STATUS or EVENT_ROLLBACK_FAILED). */
export interface RolloutStatusEventDetail {
  readonly endpointName: string;
  readonly rolloutId: string;
  readonly phase: string;
  readonly cause?: string;
  readonly reason: string;
  readonly stableVariant: string;
  readonly candidateVariant: string;
}
