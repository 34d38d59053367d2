import { Token } from 'aws-cdk-lib';
import { rolloutError } from './slot-validation';

/** `idleSlotInstanceCount`: a literal whole number >= 1 (an instance-based variant cannot idle at zero). */
export function idleInstanceCount(count: number | undefined): number {
  if (count === undefined) return 1;
  if (Token.isUnresolved(count) || !Number.isInteger(count) || count < 1) {
    rolloutError('idleSlotInstanceCount', `must be a whole number >= 1 (a literal, not a token); got ${Token.isUnresolved(count) ? 'a token' : count}. ` +
      'SageMaker scales an instance-based variant to zero only on endpoints with inference components; use 1 to keep ' +
      'one warm instance on the idle slot.');
  }
  return count;
}
