import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { closest, isToken } from './checks';
import { invalidProp } from './fail';
import { limit } from './limits';
import { parseModelPackageArn } from '../../../contracts/model-approval';

interface Partition { readonly id: string; readonly regionRegex: string; readonly regions: string[] }

function partitions(): Partition[] {
  return limit('aws.partitions').partitions as Partition[];
}

/** The partition a region belongs to (botocore's partitions.json), or undefined for a string that is no region. */
export function partitionOf(region: string): Partition | undefined {
  return partitions().find((p) => new RegExp(p.regionRegex).test(region));
}

/** A region name, e.g. `us-east-1` (refuses `us-east1`, `US-EAST-1`, `useast-1`). */
export function checkRegion(owner: string, prop: string, region: string | undefined): void {
  if (region === undefined || isToken(region)) return;
  if (typeof region === 'string' && partitionOf(region)) return;
  const known = partitions().flatMap((p) => p.regions);
  const near = closest(String(region), known);
  invalidProp(owner, prop, region, `Give an AWS region such as 'us-east-1'${near.length ? `; did you mean ${near.map((n) => `'${n}'`).join(' or ')}?` : ''} ` +
    `(region patterns of ${limit('aws.partitions').source}).`);
}

/** The parts of an ARN. */
export interface ArnParts { readonly partition: string; readonly service: string; readonly region: string; readonly account: string; readonly resource: string }

/** Splits `arn:<partition>:<service>:<region>:<account>:<resource>`; undefined when it is not that shape. */
export function parseArn(arn: string): ArnParts | undefined {
  const m = /^arn:([a-z-]+):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws|):(.+)$/.exec(arn);
  return m ? { partition: m[1], service: m[2], region: m[3], account: m[4], resource: m[5] } : undefined;
}

/**
 * The stack's own region and partition, when they are known at synth (an environment-agnostic stack has tokens:
 * the checks that need them are skipped).
 */
function stackLocation(scope: IConstruct): { region?: string; partition?: string } {
  const region = Stack.of(scope).region;
  if (Token.isUnresolved(region)) return {};
  return { region, partition: partitionOf(region)?.id };
}

/**
 * An ARN the API resolves in the caller's own region (SageMaker model packages, for one): same partition and
 * region as the stack when the stack's region is known.
 */
export function checkSameRegion(owner: string, prop: string, arn: string, parts: ArnParts, scope: IConstruct, what: string): void {
  const here = stackLocation(scope);
  if (here.partition && parts.partition !== here.partition) {
    invalidProp(owner, prop, arn, `It is in partition '${parts.partition}', and the stack deploys to '${here.partition}' (${here.region}): ` +
      `${what} is only found in its own partition and region.`);
  }
  if (here.region && parts.region !== here.region) {
    invalidProp(owner, prop, arn, `It is in region '${parts.region}', and the stack deploys to '${here.region}': ${what} is only ` +
      `found in its own region; use a version registered in ${here.region} (or deploy this stack to ${parts.region}).`);
  }
}

/**
 * A versioned model package ARN (`...:model-package/<group>/<version>`, SageMaker's ModelPackageArn pattern) in the
 * stack's region and, when `group` is known, of that model package group.
 */
export function checkModelPackageVersion(owner: string, prop: string, arn: string | undefined, scope: IConstruct, group?: string): void {
  if (arn === undefined || isToken(arn)) return;
  const version = typeof arn === 'string' ? parseModelPackageArn(arn) : undefined;
  if (!version) {
    invalidProp(owner, prop, arn, 'Give a versioned model package ARN, arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version> ' +
      `(a group ARN or an unversioned package cannot be deployed; ${limit('sagemaker.ModelPackageArn').source}).`);
  }
  checkSameRegion(owner, prop, arn, parseArn(arn)!, scope, 'a model package');
  // SageMaker writes the group of a version's ARN in lower case (its own example: group "AbaloneModelPackageGroupName",
  // version ".../model-package/abalonemodelpackagegroupname/1"), so the group is compared without case.
  if (group !== undefined && !Token.isUnresolved(group) && version.group.toLowerCase() !== group.toLowerCase()) {
    invalidProp(owner, prop, arn, `It is a version of model package group '${version.group}', not of the registry's group '${group}': ` +
      'the model is granted read of its own registry only. Give a version of that group, or the registry it belongs to.');
  }
}

/**
 * An ARN of one service and resource type (`resource` matches what follows the account), in a known partition and
 * region; `example` shows the form in the message.
 */
export function checkArnOf(owner: string, prop: string, arn: string | undefined, service: string, resource: RegExp, example: string): void {
  if (arn === undefined || isToken(arn)) return;
  const parts = typeof arn === 'string' ? parseArn(arn) : undefined;
  if (!parts || parts.service !== service || !resource.test(parts.resource)) invalidProp(owner, prop, arn, `Give an ARN of the form ${example}.`);
  const partition = partitions().find((p) => p.id === parts.partition);
  if (!partition) invalidProp(owner, prop, arn, `'${parts.partition}' is not an AWS partition (${partitions().map((p) => p.id).join(', ')}).`);
  if (parts.region !== '' && !new RegExp(partition.regionRegex).test(parts.region)) {
    invalidProp(owner, prop, arn, `'${parts.region}' is not a region of partition '${parts.partition}'. Give an ARN of the form ${example}.`);
  }
}
