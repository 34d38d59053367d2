import { checkCount, checkNumber, checkString, isToken } from '../../private/validation/checks';
import { invalidProp } from '../../private/validation/fail';
import { limit } from '../../private/validation/limits';
import type { DataCaptureOptions } from '../data-capture';

/** Data capture options against SageMaker's DataCaptureConfig limits (generated table). */
export function validateCaptureLimits(owner: string, dc: DataCaptureOptions | undefined): void {
  if (!dc) return;
  checkNumber(owner, 'dataCapture.samplingPercentage', dc.samplingPercentage, 'sagemaker.SamplingPercentage');
  const lists = [
    ['csvContentTypes', dc.csvContentTypes, 'sagemaker.CsvContentTypes', 'sagemaker.CsvContentType'],
    ['jsonContentTypes', dc.jsonContentTypes, 'sagemaker.JsonContentTypes', 'sagemaker.JsonContentType'],
  ] as const;
  for (const [prop, types, listLimit, itemLimit] of lists) {
    if (types === undefined || isToken(types)) continue;
    checkCount(owner, `dataCapture.${prop}`, types.length, listLimit, 'content types');
    types.forEach((t, i) => checkString(owner, `dataCapture.${prop}[${i}]`, t, itemLimit,
      `SageMaker captures exact MIME types: letters, digits, hyphens and dots around one '/', no wildcards ('*') or '+' ` +
      `suffixes, e.g. 'text/csv' or 'application/json' (${limit(itemLimit).source}: ${limit(itemLimit).pattern}).`));
  }
}

/** A key prefix inside a bucket: no leading or trailing '/', and short enough for DestinationS3Uri. */
export function checkBucketPrefix(owner: string, prop: string, prefix: string): void {
  if (isToken(prefix)) return;
  const uri = limit('sagemaker.DestinationS3Uri');
  // s3:// + a bucket name of at most 63 characters + '/' + the prefix.
  const room = (uri.max as number) - 's3://'.length - 63 - 1;
  if (prefix.length === 0 || prefix.startsWith('/') || prefix.endsWith('/') || prefix.length > room) {
    invalidProp(owner, prop, prefix, `Use a key prefix of 1-${room} characters without leading or trailing '/', e.g. 'datacapture' ` +
      `(${uri.source}: at most ${uri.max} characters with the bucket).`);
  }
}
