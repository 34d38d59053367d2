import { isToken } from './checks';
import { invalidProp } from './fail';
import { limit } from './limits';

/** CloudWatch alarm period and evaluation window (PutMetricAlarm's documented limits, and cfn-lint's). */
export function checkAlarmWindow(owner: string, prop: string, periodSeconds: number, evaluationPeriods: number | undefined): void {
  if (isToken(periodSeconds)) return;
  const p = limit('cloudwatch.Period');
  const values = (p.values ?? []) as readonly number[];
  const multiple = p.multipleOf ?? 60;
  if (!Number.isInteger(periodSeconds) || !(values.includes(periodSeconds) || (periodSeconds > 0 && periodSeconds % multiple === 0))) {
    invalidProp(owner, prop, `a period of ${periodSeconds} seconds`,
      `CloudWatch alarm periods are ${values.join(', ')} seconds or a multiple of ${multiple} (${p.source}).`);
  }
  if (evaluationPeriods === undefined || isToken(evaluationPeriods)) return;
  const short = periodSeconds < (p.shortPeriodBelowSeconds as number);
  const max = short ? p.maxEvaluationSecondsShortPeriod as number : p.maxEvaluationSeconds as number;
  if (evaluationPeriods * periodSeconds > max) {
    invalidProp(owner, prop, `${evaluationPeriods} periods of ${periodSeconds} seconds`,
      `CloudWatch evaluates at most ${max} seconds${short ? ` when the period is under ${p.shortPeriodBelowSeconds} seconds` : ''}: ` +
      `use at most ${Math.floor(max / periodSeconds)} evaluation periods (${p.source}).`);
  }
}

/** A threshold on a rate (a share of requests, 0-1) that can fire and that does not always fire. */
export function checkRateThreshold(owner: string, prop: string, value: number | undefined): void {
  if (value === undefined || isToken(value)) return;
  if (!(typeof value === 'number' && value > 0 && value < 1)) {
    const why = typeof value !== 'number' || Number.isNaN(value) ? 'a threshold is a number'
      : value >= 1 ? 'a rate never exceeds 1, so the alarm could never fire'
        : value === 0 ? 'any single error exceeds 0, so the alarm fires on noise' : 'a rate is never below 0, so the alarm would always fire';
    invalidProp(owner, prop, value, `${why[0].toUpperCase()}${why.slice(1)}. Use a fraction above 0 and below 1, e.g. 0.05 for 5% of requests.`);
  }
}

/** An e-mail address for an SNS `email` subscription (SNS Subscribe: "the endpoint is an email address"). */
export function checkEmail(owner: string, prop: string, value: string | undefined): void {
  if (value === undefined || isToken(value)) return;
  const max = limit('sns.emailEndpoint').max as number;
  // addr-spec: a local part and a dotted domain, no spaces, angle brackets or display name.
  const ok = typeof value === 'string' && value.length <= max &&
    /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/.test(value) &&
    !value.startsWith('.') && !value.includes('..');
  if (!ok) {
    invalidProp(owner, prop, value, `SNS e-mail subscriptions need one address like 'ops@example.com' (at most ${max} characters, ` +
      `no display name or list) (${limit('sns.emailEndpoint').source}).`);
  }
}

/** S3 general purpose bucket naming rules, including the reserved prefixes and suffixes. */
export function checkBucketName(owner: string, prop: string, value: string | undefined): void {
  if (value === undefined || isToken(value)) return;
  const l = limit('s3.BucketName');
  const reservedPrefix = (l.reservedPrefixes as string[]).find((p) => value.startsWith(p));
  const reservedSuffix = (l.reservedSuffixes as string[]).find((s) => value.endsWith(s));
  if (reservedPrefix || reservedSuffix) {
    invalidProp(owner, prop, value, `S3 reserves the ${reservedPrefix ? `prefix '${reservedPrefix}'` : `suffix '${reservedSuffix}'`} ` +
      `for its own bucket types; choose another name (${l.source}).`);
  }
  if (!new RegExp(l.pattern as string).test(value) || /^\d+\.\d+\.\d+\.\d+$/.test(value)) {
    invalidProp(owner, prop, value, `S3 bucket names are ${l.min}-${l.max} lowercase letters, digits, dots and hyphens, starting and ` +
      `ending with a letter or digit, without '..' or an IP address form (${l.source}).`);
  }
}
