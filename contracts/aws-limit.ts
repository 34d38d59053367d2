/**
 * One limit extracted from AWS's machine-readable sources (botocore API models, cfn-lint CloudFormation schemas) by
 * scripts/extract-aws-limits.py. Pure data; the table itself is contracts/aws-limits.generated.ts.
 */
export interface AwsLimit {
  /** Where the limit comes from (model and shape, schema and property, or documented page). */
  readonly source: string;
  /** The shape's type in its model (string, integer, float, list, map). */
  readonly type: string | null;
  /** Smallest value, length or count. */
  readonly min?: number;
  /** Largest value, length or count. */
  readonly max?: number;
  /** Regular expression the whole value must match (anchored when checked). */
  readonly pattern?: string;
  /** The allowed values. */
  readonly enum?: readonly string[];
  /** Allowed numbers besides multiples of `multipleOf`. */
  readonly values?: readonly number[];
  /** Numbers that are multiples of this are allowed. */
  readonly multipleOf?: number;
  /** Further fields of composite rules (see the table). */
  readonly [extra: string]: unknown;
}
