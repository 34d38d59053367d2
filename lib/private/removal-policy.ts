import { Annotations, RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * The app-wide context flag that must be true before any cdk-mlops construct deletes data with its stack, in the
 * style of AWS's data-solutions-framework: a `removalPolicy: RemovalPolicy.DESTROY` copied from a test stack into
 * production then keeps the data unless production's cdk.json (or `-c`) opts in too.
 */
export const DESTROY_DATA_CONTEXT_KEY = '@cdk-mlops/core:removeDataOnDestroy';

/**
 * The removal policy data resources get: `DESTROY` only when asked for and the context flag is true; otherwise the
 * asked-for policy, except that an unflagged `DESTROY` becomes `RETAIN` with a warning naming the flag.
 */
export function dataRemovalPolicy(scope: Construct, owner: string, asked: RemovalPolicy | undefined): RemovalPolicy {
  const policy = asked ?? RemovalPolicy.RETAIN;
  if (![RemovalPolicy.RETAIN, RemovalPolicy.DESTROY, RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE].includes(policy)) {
    const name = Object.entries(RemovalPolicy).find(([, v]) => v === policy)?.[0] ?? policy;
    throw new Error(`${owner}: invalid removalPolicy 'RemovalPolicy.${name}'. S3 buckets and KMS keys take RemovalPolicy.RETAIN, RETAIN_ON_UPDATE_OR_DELETE or DESTROY.`);
  }
  if (policy !== RemovalPolicy.DESTROY) return policy;
  const flag = scope.node.tryGetContext(DESTROY_DATA_CONTEXT_KEY);
  if (flag === true || flag === 'true') {
    Annotations.of(scope).addWarningV2('cdk-mlops:destroy-data',
      'removalPolicy is DESTROY: deleting this stack deletes every object of this construct and schedules its KMS key for deletion. Use it only for disposable environments.');
    return RemovalPolicy.DESTROY;
  }
  Annotations.of(scope).addWarningV2('cdk-mlops:destroy-data-not-enabled',
    `removalPolicy is DESTROY but the context flag '${DESTROY_DATA_CONTEXT_KEY}' is not true, so data is RETAINED. Set it (cdk.json "context", or -c ${DESTROY_DATA_CONTEXT_KEY}=true) to delete data with the stack.`);
  return RemovalPolicy.RETAIN;
}
