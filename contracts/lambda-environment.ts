/**
 * Lambda's environment limit and how a construct hands a handler configuration too large for it. Lambda refuses a
 * function whose variables, measured as the JSON of the whole map, exceed 4 KB ("String measured: {...}"); a monitor
 * with a few hundred features passes that with its schema alone. Such a JSON value is written to an S3 asset at
 * synth and the variable holds `s3://<bucket>/<key>` instead (JSON never starts with `s3://`), which the handler
 * reads back before it reads its configuration.
 */
export const LAMBDA_ENVIRONMENT_MAX_BYTES = 4096;

/** Prefix of a variable whose JSON value was moved to an S3 object. */
export const CONFIG_OBJECT_SCHEME = 's3://';
