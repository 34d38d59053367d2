import { Token } from 'aws-cdk-lib';
import { checkEnum, checkNumber, checkStringMap, seconds } from '../../private/validation/checks';
import type { RetrainingPipelineProps } from '../retraining-pipeline-props';

const COLUMN = /^[a-z_][a-z0-9_]*$/;

/** A RetrainingPipeline's props: columns, holdout, comparison, and SageMaker's job limits (generated table). */
export function validateRetrainingProps(owner: string, props: RetrainingPipelineProps): void {
  for (const [name, col] of [['labelColumn', props.labelColumn], ...props.featureColumns.map((f, i) => [`featureColumns[${i}]`, f])]) {
    if (!Token.isUnresolved(col) && !COLUMN.test(col)) {
      throw new Error(`${owner}: ${name} is '${col}'; use a catalog column name (lowercase letters, digits, underscores), as the ETL writes them.`);
    }
  }
  if (props.featureColumns.length === 0) throw new Error(`${owner}: featureColumns is empty; list the columns the model takes, in order.`);
  if (props.featureColumns.includes(props.labelColumn)) throw new Error(`${owner}: featureColumns includes the label column '${props.labelColumn}'; remove it.`);
  const h = props.holdoutPercent;
  if (h !== undefined && !(Number.isInteger(h) && h >= 1 && h <= 50)) throw new Error(`${owner}: holdoutPercent is ${h}; use a whole percentage from 1 to 50.`);
  const c = props.comparison ?? {};
  if (c.margin !== undefined && !(c.margin >= 0)) throw new Error(`${owner}: comparison.margin is ${c.margin}; use a loss difference >= 0.`);
  if (c.alpha !== undefined && !(c.alpha > 0 && c.alpha < 1)) throw new Error(`${owner}: comparison.alpha is ${c.alpha}; use a significance level between 0 and 1 (e.g. 0.05).`);
  if (c.minHoldoutRows !== undefined && !(Number.isInteger(c.minHoldoutRows) && c.minHoldoutRows >= 2)) {
    throw new Error(`${owner}: comparison.minHoldoutRows is ${c.minHoldoutRows}; the paired test needs a whole number of at least 2.`);
  }
  const t = props.timeout;
  const tt = props.maxTrainingTime;
  if (t && tt && !Token.isUnresolved(t.toSeconds()) && !Token.isUnresolved(tt.toSeconds()) && tt.toSeconds() >= t.toSeconds()) {
    throw new Error(`${owner}: maxTrainingTime (${tt.toHumanString()}) must be shorter than timeout (${t.toHumanString()}), which also covers the snapshot and evaluation.`);
  }
  validateJobLimits(owner, props);
}

/** The training and transform jobs' props against SageMaker's CreateTrainingJob / CreateTransformJob limits. */
function validateJobLimits(owner: string, props: RetrainingPipelineProps): void {
  checkEnum(owner, 'trainingInstanceType', props.trainingInstanceType?.toString(), 'sagemaker.TrainingInstanceType', 'SageMaker training does not offer this instance type');
  checkEnum(owner, 'evaluationInstanceType', props.evaluationInstanceType?.toString(), 'sagemaker.TransformInstanceType', 'SageMaker Batch Transform does not offer this instance type');
  checkNumber(owner, 'maxTrainingTime', seconds(owner, 'maxTrainingTime', props.maxTrainingTime), 'sagemaker.MaxRuntimeInSeconds',
    { fix: 'SageMaker stops a training job after 1 second to 28 days: use e.g. Duration.hours(2) (botocore sagemaker StoppingCondition.MaxRuntimeInSeconds).' });
  checkStringMap(owner, 'hyperparameters', props.hyperparameters,
    { map: 'sagemaker.HyperParameters', key: 'sagemaker.HyperParameterKey', value: 'sagemaker.HyperParameterValue' }, 'hyperparameters');
}
