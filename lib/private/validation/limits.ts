import { AwsLimit } from '../../../contracts/aws-limit';
import { AWS_LIMITS } from '../../../contracts/aws-limits.generated';

/** Name of a limit in the generated table (contracts/aws-limits.generated.ts). */
export type LimitName = keyof typeof AWS_LIMITS;

/** A limit of the generated table, by name. */
export function limit(name: LimitName): AwsLimit {
  return AWS_LIMITS[name] as AwsLimit;
}

/** The allowed values of an enumeration limit. */
export function allowed(name: LimitName): readonly string[] {
  return limit(name).enum ?? [];
}

export { AWS_LIMITS };
