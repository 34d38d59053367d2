import { checkEmail } from './aws-rules';
import { isToken } from './checks';
import { invalidProp } from './fail';
import type { MlPlatformProps } from '../../platform-props';
import { parseModelPackageArn } from '../../../contracts/model-approval';

/** MlPlatform's own props: a split it can compute at synth, and an alarm e-mail SNS accepts. */
export function validatePlatformProps(props: MlPlatformProps, challengerPercent: number): void {
  if (isToken(challengerPercent)) {
    // The champion's weight is 100 minus this: CloudFormation cannot subtract, and the placeholder would be written as a number.
    invalidProp('MlPlatform', 'challengerTrafficPercent', 'a token', 'The A/B weights are computed at synth (champion = 100 - challenger): ' +
      'pass a number, or build the ModelEndpoint yourself with token initialWeights.');
  }
  if (!(challengerPercent >= 0 && challengerPercent <= 100)) {
    invalidProp('MlPlatform', 'challengerTrafficPercent', challengerPercent, 'Use a percentage from 0 to 100.');
  }
  checkEmail('MlPlatform', 'alarmEmail', props.alarmEmail);
  const versions: Array<[string, string | undefined]> = [
    ['championSlots.blueModelPackageArn', props.championSlots?.blueModelPackageArn],
    ['championSlots.greenModelPackageArn', props.championSlots?.greenModelPackageArn],
  ];
  for (const [prop, arn] of versions) {
    if (arn === undefined || isToken(arn) || parseModelPackageArn(arn)) continue;
    invalidProp('MlPlatform', prop, arn, 'Give a versioned model package ARN, ' +
      'arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version> (a group ARN or an unversioned package cannot be deployed).');
  }
}
