import { Duration, Token } from 'aws-cdk-lib';
import { checkEnum, checkNumber, checkString, checkStringMap, isToken, seconds } from '../../private/validation/checks';
import { durationIn } from '../../private/validation/durations';
import { invalidProp } from '../../private/validation/fail';
import { checkFraction, checkRange } from '../../private/validation/numbers';
import { checkS3Prefix } from '../../private/validation/s3-prefixes';
import type { RetrainingPipelineProps } from '../retraining-pipeline-props';

const COLUMN = /^[a-z_][a-z0-9_]*$/;

/** A RetrainingPipeline's props: columns, holdout, comparison, lineage, and SageMaker's job limits (generated table). */
export function validateRetrainingProps(owner: string, props: RetrainingPipelineProps): void {
  for (const [name, col] of [['labelColumn', props.labelColumn], ...props.featureColumns.map((f, i) => [`featureColumns[${i}]`, f])]) {
    if (!Token.isUnresolved(col) && !COLUMN.test(col)) {
      invalidProp(owner, name, col, 'Use a catalog column name (lowercase letters, digits, underscores), as the ETL writes them.');
    }
  }
  if (props.featureColumns.length === 0) invalidProp(owner, 'featureColumns', props.featureColumns, 'List the columns the model takes, in order.');
  if (props.featureColumns.includes(props.labelColumn)) invalidProp(owner, 'featureColumns', props.featureColumns, `It includes the label column '${props.labelColumn}'; remove it.`);
  const dup = props.featureColumns.find((c, i) => props.featureColumns.indexOf(c) !== i);
  if (dup !== undefined) invalidProp(owner, 'featureColumns', props.featureColumns, `It lists '${dup}' twice; list each column once.`);
  checkRange(owner, 'holdoutPercent', props.holdoutPercent, { min: 1, max: 50, integer: true }, 'Use a whole percentage from 1 to 50.');
  const c = props.comparison ?? {};
  checkRange(owner, 'comparison.margin', c.margin, { min: 0 }, 'Use a loss difference of at least 0, in the loss\'s units.');
  checkFraction(owner, 'comparison.alpha', c.alpha, true, 'Use a significance level above 0 and below 1 (e.g. 0.05).');
  checkRange(owner, 'comparison.minHoldoutRows', c.minHoldoutRows, { min: 2, integer: true }, 'The paired test needs a whole number of at least 2.');
  checkS3Prefix(owner, 'prefix', props.prefix, 'no-slash', 'retraining');
  // Recorded in each version's MetadataProperties (CommitId, Repository) at registration.
  checkString(owner, 'codeVersion', props.codeVersion, 'sagemaker.MetadataPropertyValue', 'SageMaker keeps at most 1024 characters (botocore sagemaker MetadataProperties.CommitId).');
  checkString(owner, 'codeRepository', props.codeRepository, 'sagemaker.MetadataPropertyValue', 'SageMaker keeps at most 1024 characters (botocore sagemaker MetadataProperties.Repository).');
  validateRunTimes(owner, props.timeout, props.maxTrainingTime);
  validateJobLimits(owner, props);
}

/** The run's time-out (the state machine's, whole seconds) is longer than the training job's limit, when both are known. */
function validateRunTimes(owner: string, timeout: Duration | undefined, maxTrainingTime: Duration | undefined): void {
  if (timeout) durationIn(owner, 'timeout', timeout, { unit: 'seconds', min: Duration.seconds(1), api: 'Step Functions execution time-outs' });
  if (!timeout || !maxTrainingTime || timeout.isUnresolved() || maxTrainingTime.isUnresolved()) return;
  if (maxTrainingTime.toMilliseconds() >= timeout.toMilliseconds()) {
    invalidProp(owner, 'maxTrainingTime', maxTrainingTime, `It must be shorter than timeout (${timeout.toHumanString()}), which also covers the snapshot and evaluation.`);
  }
}

/** The training and transform jobs' props against SageMaker's CreateTrainingJob / CreateTransformJob limits. */
function validateJobLimits(owner: string, props: RetrainingPipelineProps): void {
  checkEnum(owner, 'trainingInstanceType', props.trainingInstanceType?.toString(), 'sagemaker.TrainingInstanceType', 'SageMaker training does not offer this instance type');
  checkEnum(owner, 'evaluationInstanceType', props.evaluationInstanceType?.toString(), 'sagemaker.TransformInstanceType', 'SageMaker Batch Transform does not offer this instance type');
  if (props.maxTrainingTime && isToken(props.maxTrainingTime)) {
    // aws-cdk-lib's training task renders it in seconds: a token is taken only in seconds.
    durationIn(owner, 'maxTrainingTime', props.maxTrainingTime, { unit: 'seconds', api: 'SageMaker training stopping conditions' });
  } else if (props.maxTrainingTime) {
    checkNumber(owner, 'maxTrainingTime', seconds(owner, 'maxTrainingTime', props.maxTrainingTime), 'sagemaker.MaxRuntimeInSeconds',
      { fix: 'SageMaker stops a training job after 1 second to 28 days: use e.g. Duration.hours(2) (botocore sagemaker StoppingCondition.MaxRuntimeInSeconds).' });
  }
  checkStringMap(owner, 'hyperparameters', props.hyperparameters,
    { map: 'sagemaker.HyperParameters', key: 'sagemaker.HyperParameterKey', value: 'sagemaker.HyperParameterValue' }, 'hyperparameters');
}
