/**
 * cdk-nag AwsSolutions findings for a stack.
 *
 * test/helpers/validators.ts#nagFindings adds AwsSolutionsChecks as an Aspect, which cdk-nag v3 no longer is
 * (it is a policy-validation plugin, and suppressions are `Validations.of(x).acknowledge()`): that helper throws
 * "aspect.visit is not a function". This runs the pack directly on the construct tree instead.
 */
import { Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

export function awsSolutionsFindings(stack: Stack): string[] {
  const report = new AwsSolutionsChecks(stack, { verbose: true }).validateScope(stack);
  return report.violations.flatMap((v) =>
    v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}: ${v.description.slice(0, 160)}`));
}
