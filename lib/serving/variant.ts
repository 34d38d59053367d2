import { Duration, Size } from 'aws-cdk-lib';
import { InstanceType } from './instance-type';
import { IModel } from './model';

/**
 * Serverless hosting of a variant: capacity in memory and concurrency instead of instances.
 */
export interface ServerlessOptions {
  /** Memory of each concurrent invocation: 1, 2, 3, 4, 5 or 6 GiB. */
  readonly memorySize: Size;
  /** Maximum concurrent invocations, 1–200. */
  readonly maxConcurrency: number;
  /**
   * Concurrency kept warm (no cold starts), at most `maxConcurrency`.
   * @default - none
   */
  readonly provisionedConcurrency?: number;
}

/** Target-tracking autoscaling of an instance-based variant on invocations per instance. */
export interface VariantAutoScaling {
  /** Fewest instances, at least 1. */
  readonly minCapacity: number;
  /** Most instances. */
  readonly maxCapacity: number;
  /** Invocations per instance per minute to keep (SageMakerVariantInvocationsPerInstance). */
  readonly targetInvocationsPerInstance: number;
  /**
   * Wait after a scale-in before the next one.
   * @default Duration.minutes(5)
   */
  readonly scaleInCooldown?: Duration;
  /**
   * Wait after a scale-out before the next one.
   * @default Duration.minutes(1)
   */
  readonly scaleOutCooldown?: Duration;
}

/** What every variant, production or shadow, has. */
export interface VariantOptions {
  /**
   * The variant's name: 1–63 letters, digits and hyphens. Requests can target it directly with the
   * `TargetVariant` parameter of InvokeEndpoint.
   */
  readonly variantName: string;
  /** The model this variant serves. */
  readonly model: IModel;
  /**
   * Instance type, for instance-based hosting.
   * @default InstanceType.ML_M5_LARGE, unless `serverless` is set
   */
  readonly instanceType?: InstanceType;
  /**
   * Number of instances at creation (a later `cdk deploy` keeps the live count, see ModelEndpoint).
   * @default 1
   */
  readonly initialInstanceCount?: number;
  /**
   * Serverless hosting instead of instances.
   * @default - instance-based
   */
  readonly serverless?: ServerlessOptions;
}

/** A production variant: it answers a share of the endpoint's requests. */
export interface ProductionVariantProps extends VariantOptions {
  /**
   * Relative weight of the traffic this variant answers; a variant's share is its weight over the sum of all
   * weights (an A/B split). A later `cdk deploy` keeps the live weights, see ModelEndpoint.
   * @default 1
   */
  readonly initialWeight?: number;
  /**
   * Autoscaling of the instance count.
   * @default - no autoscaling
   */
  readonly autoScaling?: VariantAutoScaling;
}

/**
 * A shadow variant: it receives a copy of a share of the production variant's requests; its responses are
 * logged (with data capture) but never returned to callers. SageMaker allows it beside exactly one production variant.
 */
export interface ShadowVariantProps extends VariantOptions {
  /**
   * Percentage of production requests copied to the shadow variant, 1–100.
   * @default 100
   */
  readonly samplingPercentage?: number;
}
