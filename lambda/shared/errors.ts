/** Classification of AWS SDK v3 errors: which ones a handler may retry, and which mean "someone else won". */

interface AwsErrorLike {
  readonly name?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly $retryable?: { readonly throttling?: boolean };
}

function asAws(e: unknown): AwsErrorLike {
  return (e && typeof e === 'object' ? e : {}) as AwsErrorLike;
}

const THROTTLING = new Set([
  'ThrottlingException', 'Throttling', 'ThrottledException', 'TooManyRequestsException', 'RequestLimitExceeded',
  'ProvisionedThroughputExceededException', 'RequestThrottledException', 'LimitExceededException',
]);

export function isThrottling(e: unknown): boolean {
  const err = asAws(e);
  return THROTTLING.has(err.name ?? '') || err.$metadata?.httpStatusCode === 429 || err.$retryable?.throttling === true;
}

/** SageMaker refuses a weight change while the endpoint is Updating: "Cannot update in-progress endpoint ...". */
export function isEndpointInProgress(e: unknown): boolean {
  const err = asAws(e);
  return err.name === 'ValidationException' && /in-progress endpoint|endpoint is (currently )?updating/i.test(err.message ?? '');
}

/** 5XX and network failures: the request may not have been processed, so a retry is safe for idempotent calls. */
export function isTransient(e: unknown): boolean {
  const err = asAws(e);
  const status = err.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
  return ['TimeoutError', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'InternalFailure', 'ServiceUnavailable']
    .includes(err.name ?? '');
}

export function isConditionalCheckFailed(e: unknown): boolean {
  return asAws(e).name === 'ConditionalCheckFailedException';
}

export function errorMessage(e: unknown): string {
  const err = asAws(e);
  return err.name && err.message ? `${err.name}: ${err.message}` : String(e);
}
