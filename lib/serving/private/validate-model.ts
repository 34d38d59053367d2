import { checkString, checkStringMap } from '../../private/validation/checks';
import type { ModelProps } from '../model';

/** A Model's props against SageMaker's CreateModel limits (generated table). */
export function validateModelLimits(props: ModelProps): void {
  checkString('Model', 'modelName', props.modelName, 'sagemaker.ModelName');
  checkStringMap('Model', 'environment', props.environment,
    { map: 'sagemaker.EnvironmentMap', key: 'sagemaker.EnvironmentKey', value: 'sagemaker.EnvironmentValue' }, 'environment variables');
}
