import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { IModelRegistry } from './model-registry';

/**
 * A retraining pipeline that `RetrainingTriggers` can start (implemented by `RetrainingPipeline`; one of another
 * stack or app with `RetrainingPipeline.fromRetrainingPipelineAttributes`).
 */
export interface IRetrainingPipeline extends IConstruct {
  /** ARN of the state machine a run is an execution of. */
  readonly stateMachineArn: string;
  /** The registry versions are registered into (its group name names the pipeline in the triggers' ledger). */
  readonly registry: IModelRegistry;
  /** The longest a run may take (a run older than this no longer blocks a new one). */
  readonly timeout: Duration;
  /** New rows of the training table (Sum): what the minimum-new-rows rule of the triggers counts. */
  readonly newRowsMetric: cloudwatch.Metric;
  /**
   * Lets a principal start runs (states:StartExecution on the state machine).
   * @param grantee the principal
   */
  grantStartExecution(grantee: iam.IGrantable): iam.Grant;
}

/** An existing retraining pipeline, for `RetrainingPipeline.fromRetrainingPipelineAttributes`. */
export interface RetrainingPipelineAttributes {
  /** ARN of its state machine. */
  readonly stateMachineArn: string;
  /** Its registry (e.g. `ModelRegistry.fromModelPackageGroupName`). */
  readonly registry: IModelRegistry;
  /**
   * The longest a run may take.
   * @default Duration.hours(4)
   */
  readonly timeout?: Duration;
  /** New rows of its training table, e.g. the ETL job's `metricRecordsWritten()`. */
  readonly newRowsMetric: cloudwatch.Metric;
}
