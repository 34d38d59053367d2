import { Duration, Size } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { VariantAlarmOptions } from '../monitoring/variant-alarms';
import { ComponentRollingUpdate } from './component-rolling-update';
import { CopyAutoScaling } from './copy-auto-scaling';
import { IInferenceComponentEndpoint } from './inference-component-endpoint-base';
import { IModel } from './model';

/** What one copy of a component reserves on an instance (SageMaker places copies where these fit). */
export interface ComputeResourceRequirements {
  /** Memory reserved for each copy, at least 128 MiB, in whole mebibytes. */
  readonly minMemory: Size;
  /**
   * Memory a copy may use at most.
   * @default - no limit beyond the instance
   */
  readonly maxMemory?: Size;
  /**
   * CPU cores reserved for each copy, at least 0.25.
   * @default - none reserved
   */
  readonly cpuCores?: number;
  /**
   * Accelerators (GPUs, Inferentia or Trainium devices) reserved for each copy, at least 1.
   * @default - none
   */
  readonly acceleratorDevices?: number;
}

/** What every inference component takes, whichever endpoint it is added to. */
export interface InferenceComponentOptions {
  /** The model each copy runs. */
  readonly model: IModel;
  /** What one copy reserves. */
  readonly computeResources: ComputeResourceRequirements;
  /**
   * The component's name, which callers pass as `InferenceComponentName`. A component moved to another endpoint
   * is replaced: give it a new name then (the old one is deleted after the new one is created).
   * @default - a name made from the construct path, unique in the stack (read it from `inferenceComponentName`)
   */
  readonly inferenceComponentName?: string;
  /**
   * Copies of the model, 0 or more (with `copyAutoScaling`, the count it starts from, within its range).
   * @default 1, or `copyAutoScaling.minCopyCount` when that is more
   */
  readonly copyCount?: number;
  /**
   * Copies scaled by Application Auto Scaling on invocations per copy, down to zero when `minCopyCount` is 0.
   * @default - a fixed `copyCount`
   */
  readonly copyAutoScaling?: CopyAutoScaling;
  /**
   * Time allowed to download the model's artifact into a new copy (1 minute to 1 hour).
   * @default - SageMaker's default
   */
  readonly modelDataDownloadTimeout?: Duration;
  /**
   * Time allowed for a new copy's container to pass its health check (1 minute to 1 hour).
   * @default - SageMaker's default
   */
  readonly containerStartupHealthCheckTimeout?: Duration;
  /**
   * How a deploy that changes the model replaces the copies, with automatic rollback on alarms.
   * @default - SageMaker's default update, without alarms
   */
  readonly rollingUpdate?: ComponentRollingUpdate;
  /**
   * Create the component's default alarms (5XX error rate, p99 model latency), scoped to the component.
   * @default true
   */
  readonly defaultAlarms?: boolean;
  /**
   * Thresholds of the default alarms.
   * @default - see VariantAlarmOptions
   */
  readonly alarmOptions?: VariantAlarmOptions;
  /**
   * Topic the default alarms notify.
   * @default - the stack's shared KMS-encrypted alarm topic (`AlarmTopic.ofStack`)
   */
  readonly alarmTopic?: sns.ITopic;
}

/** Properties of an `InferenceComponent`. */
export interface InferenceComponentProps extends InferenceComponentOptions {
  /** The endpoint whose instances host the component. */
  readonly endpoint: IInferenceComponentEndpoint;
}

/** Attributes to import an inference component. */
export interface InferenceComponentAttributes {
  /** The component's name. */
  readonly inferenceComponentName: string;
  /** The endpoint that hosts it. */
  readonly endpoint: IInferenceComponentEndpoint;
}
