import { Duration, Token } from 'aws-cdk-lib';

/** Throws an error that names the construct, the prop, the bad value and the fix. */
export function invalid(owner: string, prop: string, value: unknown, fix: string): never {
  throw new Error(`${owner}: invalid ${prop} '${String(value)}'. ${fix}`);
}

/** Whole days of a Duration, or throws naming the prop (S3 lifecycle works in days). */
export function wholeDays(owner: string, prop: string, d: Duration, min = 1): number {
  let days: number;
  try {
    days = d.toDays({ integral: true });
  } catch {
    return invalid(owner, prop, d.toHumanString(), 'S3 lifecycle rules count whole days: use Duration.days(n).');
  }
  if (days < min) {
    invalid(owner, prop, d.toHumanString(), `It must be at least ${min} day(s).`);
  }
  return days;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** S3 bucket naming rules (general purpose buckets). Unresolved tokens are accepted as-is. */
export function validateBucketName(owner: string, prop: string, name: string): void {
  if (Token.isUnresolved(name)) return;
  const problems: string[] = [];
  if (!BUCKET_NAME.test(name)) {
    problems.push('3-63 characters of lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit');
  }
  if (name.includes('..')) problems.push('no two adjacent dots');
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) problems.push('not formatted as an IP address');
  if (name.startsWith('xn--') || name.startsWith('sthree-')) problems.push("no 'xn--' or 'sthree-' prefix");
  if (name.endsWith('-s3alias') || name.endsWith('--ol-s3')) problems.push("no '-s3alias' or '--ol-s3' suffix");
  if (problems.length > 0) {
    invalid(owner, prop, name, `S3 bucket names must have ${problems.join('; ')}.`);
  }
}

const GLUE_NAME = /^[a-z][a-z0-9_]*$/;

/** Glue database/table names that Athena can query without quoting: lowercase letters, digits, underscores. */
export function validateCatalogName(owner: string, prop: string, name: string, maxLength = 255): void {
  if (Token.isUnresolved(name)) return;
  if (!GLUE_NAME.test(name) || name.length > maxLength) {
    invalid(owner, prop, name,
      `Use at most ${maxLength} lowercase letters, digits and underscores, starting with a letter (Glue and Athena names), e.g. '${toCatalogName(name) || 'my_data'}'.`);
  }
}

/** A best-effort catalog-safe form of a name, used in suggestions and defaults. */
export function toCatalogName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^[^a-z]+/, '').replace(/_+$/, '');
}

/** A number that must be a whole number within [min, max]; tokens pass. */
export function validateIntRange(owner: string, prop: string, value: number, min: number, max: number, fix?: string): void {
  if (Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    invalid(owner, prop, value, fix ?? `It must be a whole number from ${min} to ${max}.`);
  }
}
