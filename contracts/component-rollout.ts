/**
 * A rollout of an inference component's model (lib/rollout's ComponentRollout; lambda/core/rollout/transition-component*.ts).
 * SageMaker routes by InferenceComponentName, so there are no weights across components; a component's copies all
 * run one model. Two mechanisms, one protocol:
 *
 * - Strategy B, the copy canary (judged before the fleet changes): before CloudFormation touches the live component,
 *   the controller creates a temporary candidate component beside it (`canary`), replays captured production
 *   requests to it (it answers nobody), judges it with the component's alarms, the statistical gate and the shadow
 *   gates, and deletes it. A bad candidate fails the deploy before the live component is touched.
 * - Strategy A, SageMaker's rolling update, guarded: CloudFormation updates the live component; SageMaker moves a
 *   batch of copies at a time and rolls back on the alarms of AutoRollbackConfiguration, one of which is the
 *   rollout verdict alarm on ROLLOUT_VERDICT_METRIC, which the controller publishes for the component.
 */
import type { RolloutPlan } from './rollout-plan';

/** What CreateInferenceComponent's `Specification` takes (the SDK's shape), for the temporary candidate. */
export interface ComponentSpecification {
  readonly ModelName: string;
  readonly ComputeResourceRequirements: {
    readonly MinMemoryRequiredInMb: number;
    readonly MaxMemoryRequiredInMb?: number;
    readonly NumberOfCpuCoresRequired?: number;
    readonly NumberOfAcceleratorDevicesRequired?: number;
  };
  readonly StartupParameters?: {
    readonly ModelDataDownloadTimeoutInSeconds?: number;
    readonly ContainerStartupHealthCheckTimeoutInSeconds?: number;
  };
}

/** Strategy B: the temporary candidate component. */
export interface ComponentCanary {
  /** Its name (known at synth, so its alarms can name it). */
  readonly componentName: string;
  /** Its copies: the plan's first share of the component's copies, at least one. */
  readonly copies: number;
  /** Its specification, with the candidate model. */
  readonly specification: ComponentSpecification;
}

/** RolloutExecutionInput.component and RolloutRecord.component. */
export interface ComponentRolloutTarget {
  /** The endpoint hosting the component (the record's `endpointName` is the rollout's key: componentRolloutKey). */
  readonly endpointName: string;
  /** The endpoint's production variant that hosts components. */
  readonly variantName: string;
  /** The live component callers address. */
  readonly componentName: string;
  /** The model the component served before the deploy. */
  readonly stableModel: string;
  /** The model the deploy gives it. */
  readonly candidateModel: string;
  /** Strategy B; absent: the rolling update alone (Strategy A). */
  readonly canary?: ComponentCanary;
  /** How far before the rolling update the statistical gate looks for the component's own error rate. */
  readonly baselineSeconds: number;
}

/**
 * The rollout verdict: 0 while the controller's judgement lets the rolling update go on, 1 once it must stop
 * (published every check, high resolution). The component's verdict alarm (Maximum >= 1 over 10 seconds, missing
 * data not breaching) is in its AutoRollbackConfiguration, so SageMaker rolls a stopped update back.
 */
export const ROLLOUT_VERDICT_METRIC = {
  namespace: 'CdkMlops/Rollouts',
  metricName: 'RolloutVerdict',
  dimension: 'InferenceComponentName',
  /** Seconds per datapoint (a high-resolution metric) and the alarm's period. */
  periodSeconds: 10,
} as const;

/** The key of a component's rollout in the rollout table (whose partition key is `endpointName`). */
export function componentRolloutKey(endpointName: string, componentName: string): string {
  return `${endpointName}/${componentName}`;
}

/**
 * ResourceProperties of the component guard (Custom::CdkMlopsComponentGuard), which the component depends on.
 * CloudFormation passes scalars as strings: the plan and the canary travel as JSON.
 */
export interface ComponentGuardProperties {
  readonly EndpointName: string;
  readonly VariantName: string;
  readonly ComponentName: string;
  /** The model the component serves with these properties: a change starts a rollout. */
  readonly Model: string;
  /** JSON of a RolloutPlan (the component's plan: componentPlan). */
  readonly Plan: string;
  /** JSON of the ComponentCanary without its model (Strategy B); absent for the rolling update alone. */
  readonly Canary?: string;
  /** Alarms that roll the candidate back (the canary's, and the user's). */
  readonly AlarmNames?: string[];
  /** Seconds of the component's metrics before the rolling update the gate compares against. */
  readonly BaselineSeconds?: string;
  readonly CaptureBucket?: string;
  readonly CapturePrefix?: string;
  /** @default the ROLLOUT_STATE_MACHINE_ARN environment variable */
  readonly StateMachineArn?: string;
}

/** What the component guard did at onEvent (ComponentGuardData.Action). */
export type ComponentGuardAction = 'NOTHING' | 'START' | 'END';

/** Attributes of the component guard. */
export interface ComponentGuardData {
  readonly Action: ComponentGuardAction;
  readonly ExecutionArn: string;
  readonly RolloutId: string;
}

/** The plan of a component's rollout with the copies the canary gets (lambda/core/rollout/component-plan.ts). */
export interface ComponentPlan {
  readonly plan: RolloutPlan;
  /** Copies of the temporary candidate (0: no canary, the rolling update alone). */
  readonly canaryCopies: number;
}
