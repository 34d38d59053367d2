import { Duration } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IDataPlatform } from '../data/data-interfaces';
import { ContainerImage } from '../serving/container-image';
import { InstanceType } from '../serving/instance-type';
import { ComparisonOptions } from './comparison-options';
import { IModelRegistry } from './model-registry';

/** Properties of a RetrainingPipeline. */
export interface RetrainingPipelineProps {
  /** The data platform whose curated, quality-gated table is the training data (read through its Athena workgroup, `data.athena`). */
  readonly data: IDataPlatform;
  /** The registry new versions are registered into. */
  readonly registry: IModelRegistry;
  /** The label column of the curated table (first column of the training CSV). */
  readonly labelColumn: string;
  /** The feature columns, in the order the model takes them (the order of an inference request). */
  readonly featureColumns: string[];
  /**
   * Percent of rows held out for evaluation (chosen by a hash of each row, so a row stays on its side across runs).
   * @default 20
   */
  readonly holdoutPercent?: number;
  /**
   * Training image.
   * @default ContainerImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST_1_7)
   */
  readonly trainingImage?: ContainerImage;
  /**
   * Inference image of the trained model (evaluation and registration).
   * @default - the training image (true of SageMaker's built-in algorithms)
   */
  readonly inferenceImage?: ContainerImage;
  /**
   * Hyperparameters of the algorithm.
   * @default - binary logistic XGBoost, 12 rounds of depth-3 trees
   */
  readonly hyperparameters?: { [name: string]: string };
  /**
   * Training instance type.
   * @default InstanceType.ML_M5_LARGE
   */
  readonly trainingInstanceType?: InstanceType;
  /**
   * Instance type of the evaluation Batch Transform jobs.
   * @default InstanceType.ML_M5_LARGE
   */
  readonly evaluationInstanceType?: InstanceType;
  /**
   * Longest a training job may run.
   * @default Duration.hours(1)
   */
  readonly maxTrainingTime?: Duration;
  /**
   * Longest a whole run may take (the state machine's timeout; also how long the triggers wait before taking a
   * run whose end they never heard of as ended).
   * @default Duration.hours(4)
   */
  readonly timeout?: Duration;
  /**
   * Champion/challenger comparison and approval.
   * @default - log loss, margin 0, alpha 0.05, manual approval
   */
  readonly comparison?: ComparisonOptions;
  /**
   * Key prefix (in the lake's features bucket) of snapshots, model artifacts and evaluation reports.
   * @default 'retraining'
   */
  readonly prefix?: string;
  /**
   * Version of the code that trains (e.g. the git commit), recorded in every version's lineage.
   * @default - 'unknown'
   */
  readonly codeVersion?: string;
  /**
   * Repository of that code, recorded in every version's lineage.
   * @default - none
   */
  readonly codeRepository?: string;
  /**
   * Topic notified when a run fails.
   * @default - no notification (the alarm is still created)
   */
  readonly alarmTopic?: sns.ITopic;
}
