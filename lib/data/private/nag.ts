import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Acknowledges a cdk-nag rule on a construct with the reason, through aws-cdk-lib's own
 * `Validations` API (what cdk-nag v3 reads), so the library needs no dependency on cdk-nag.
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}
