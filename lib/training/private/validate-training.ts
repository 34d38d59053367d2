import { checkEnum, checkNumber, checkString, checkStringMap, seconds } from '../../private/validation/checks';
import type { TrainingWorkflowProps } from '../training-workflow';

const OWNER = 'TrainingWorkflow';

/** A TrainingWorkflow's props against SageMaker's CreateTrainingJob limits (generated table). */
export function validateTrainingLimits(props: TrainingWorkflowProps): void {
  checkEnum(OWNER, 'instanceType', props.instanceType, 'sagemaker.TrainingInstanceType', 'SageMaker training does not offer this instance type');
  checkNumber(OWNER, 'maxRuntime', seconds(OWNER, 'maxRuntime', props.maxRuntime), 'sagemaker.MaxRuntimeInSeconds',
    { fix: 'SageMaker stops a training job after 1 second to 28 days: use e.g. Duration.hours(2) (botocore sagemaker StoppingCondition.MaxRuntimeInSeconds).' });
  checkStringMap(OWNER, 'hyperparameters', props.hyperparameters,
    { map: 'sagemaker.HyperParameters', key: 'sagemaker.HyperParameterKey', value: 'sagemaker.HyperParameterValue' }, 'hyperparameters');
  checkString(OWNER, 'contentType', props.contentType, 'sagemaker.ContentType');
}
