import { checkEmail } from './aws-rules';
import { isToken } from './checks';
import { invalidProp } from './fail';
import { checkGitHubRepository } from './github';
import { checkSsmParameterName } from './names';
import { checkRange } from './numbers';
import type { MlPlatformProps } from '../../platform-props';

/**
 * MlPlatform's own props, named as the platform's: a split it can compute at synth, an alarm e-mail SNS accepts,
 * the GitHub repository and token parameter of the approval dispatch. The champion slots' versions are checked
 * against the platform's registry once it exists (platform.ts).
 */
export function validatePlatformProps(owner: string, props: MlPlatformProps, challengerPercent: number): void {
  if (isToken(challengerPercent)) {
    // The champion's weight is 100 minus this: CloudFormation cannot subtract, and the placeholder would be written as a number.
    invalidProp(owner, 'challengerTrafficPercent', challengerPercent, 'The A/B weights are computed at synth (champion = 100 - challenger): ' +
      'pass a number, or build the ModelEndpoint yourself with token initialWeights.');
  }
  checkRange(owner, 'challengerTrafficPercent', challengerPercent, { min: 0, max: 100 }, 'Use a percentage from 0 to 100.');
  checkEmail(owner, 'alarmEmail', props.alarmEmail);
  checkGitHubRepository(owner, 'githubRepository', props.githubRepository);
  checkSsmParameterName(owner, 'githubTokenParameterName', props.githubTokenParameterName);
}
