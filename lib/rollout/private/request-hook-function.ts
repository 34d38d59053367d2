import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ROLLOUT_ENV } from '../../../contracts/rollout-env';
import { IModelEndpoint } from '../../serving/endpoint-base';
import { RequestHook } from '../request-hook';
import { rolloutFunction } from './rollout-function';

/**
 * The Lambda of one rollout's RequestHook: the hook bundle, configured by its environment (payloads inline or an S3
 * object, content type, expected output, latency budget), allowed to invoke this endpoint and read that object only.
 */
export function requestHookFunction(scope: Construct, endpoint: IModelEndpoint, hook: RequestHook): lambda.IFunction {
  const o = hook._options;
  const env: Record<string, string> = {
    [ROLLOUT_ENV.HOOK_CONTENT_TYPE]: o.contentType ?? 'text/csv',
    [ROLLOUT_ENV.HOOK_EXPECTED_OUTPUT]: JSON.stringify(o.expectedOutput?._spec ?? { kind: 'any' }),
    [ROLLOUT_ENV.HOOK_MAX_LATENCY_MS]: String((o.maxLatency ?? Duration.seconds(2)).toMilliseconds()),
  };
  if (hook._inlinePayloads !== undefined) env[ROLLOUT_ENV.HOOK_PAYLOADS] = hook._inlinePayloads;
  if (hook._s3) env[ROLLOUT_ENV.HOOK_PAYLOADS_S3_URI] = `s3://${hook._s3.bucket.bucketName}/${hook._s3.key}`;
  const fn = rolloutFunction(scope, 'RequestHook', {
    bundle: 'rollout-hook', handler: 'index.handler', environment: env, timeout: Duration.minutes(5),
    description: 'cdk-mlops request hook: sample requests against the candidate variant before it takes traffic',
  });
  endpoint.grantInvoke(fn);
  hook._s3?.bucket.grantRead(fn, hook._s3.key);
  return fn;
}
