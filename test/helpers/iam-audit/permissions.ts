/**
 * What IAM must allow for an AWS call. By default a call of operation `Op` of a service needs the action
 * `<prefix>:Op` (the prefix being the service's signing name). The exceptions, each from the Service Authorization
 * Reference or the service's documentation, are written down here; an action that IAM does not have fails the audit,
 * so a missing exception shows up as a failure, never as a silently wrong action.
 */
import { iamPrefix, IamReference, operationInput, serviceModel } from './aws-data';
import { SdkCall } from './sdk-calls';
import { TemplateModel } from './template';

/** One permission a call needs: an action on a resource (a sample ARN of the template), or on any resource of its types. */
export interface Requirement {
  readonly action: string;
  /** A sample ARN of a template resource; undefined: any resource of the action's types. */
  readonly resource?: string;
  /** With no resource: only this resource type of the action (instead of any of its types). */
  readonly resourceType?: string;
  /** Why it is needed, for messages and the report. */
  readonly reason: string;
}

/**
 * Operations whose IAM action has another name (Service Authorization Reference, "Actions defined by <service>":
 * ListObjectsV2 is authorized as s3:ListBucket, HeadObject as s3:GetObject, Lambda's Invoke as
 * lambda:InvokeFunction, DynamoDB's transactions per item action).
 */
export const ACTION_EXCEPTIONS: Record<string, string[]> = {
  's3:ListObjectsV2': ['s3:ListBucket'],
  's3:ListObjects': ['s3:ListBucket'],
  's3:HeadObject': ['s3:GetObject'],
  's3:HeadBucket': ['s3:ListBucket'],
  's3:DeleteObjects': ['s3:DeleteObject'],
  's3:CopyObject': ['s3:GetObject', 's3:PutObject'],
  'lambda:Invoke': ['lambda:InvokeFunction'],
  'lambda:InvokeAsync': ['lambda:InvokeFunction'],
  'dynamodb:TransactGetItems': ['dynamodb:GetItem'],
  'dynamodb:TransactWriteItems': ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'],
};

/** The IAM actions an operation of a botocore service needs. */
export function actionsOf(service: string, operation: string, iam = IamReference.load()): string[] {
  const natural = `${iamPrefix(serviceModel(service))}:${operation}`;
  const actions = ACTION_EXCEPTIONS[natural] ?? [natural];
  for (const a of actions) {
    if (!iam.action(a)) {
      throw new Error(`${service}.${operation}: IAM has no action ${a}; write down the action it is authorized as in ACTION_EXCEPTIONS (permissions.ts)`);
    }
  }
  return actions;
}

/**
 * KMS actions a call needs on the customer-managed keys of the resources the principal reaches with it:
 * - S3 (docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html): reading an SSE-KMS object needs
 *   kms:Decrypt, writing one kms:GenerateDataKey;
 * - SNS (docs.aws.amazon.com/sns/latest/dg/sns-key-management.html): publishing to an encrypted topic needs
 *   kms:GenerateDataKey and kms:Decrypt;
 * - SQS (docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html): sending needs
 *   kms:GenerateDataKey and kms:Decrypt, receiving kms:Decrypt.
 * DynamoDB tables here use AWS owned or AWS managed keys (no principal permission); a table with a customer-managed
 * key stops the audit until its rule is written.
 */
const KMS_FOR_ACTION: Record<string, string[]> = {
  's3:GetObject': ['kms:Decrypt'],
  's3:GetObjectVersion': ['kms:Decrypt'],
  's3:PutObject': ['kms:GenerateDataKey'],
  'sns:Publish': ['kms:GenerateDataKey', 'kms:Decrypt'],
  'sqs:SendMessage': ['kms:GenerateDataKey', 'kms:Decrypt'],
  'sqs:ReceiveMessage': ['kms:Decrypt'],
};

/** The customer-managed key (logical id) that encrypts a template resource, if any. */
export function keyOf(model: TemplateModel, id: string): string | undefined {
  const r = model.resources[id];
  const p = r.Properties ?? {};
  const keys = (v: any) => model.referencedIn(v).filter((k) => model.typeOf(k) === 'AWS::KMS::Key');
  switch (r.Type) {
    case 'AWS::S3::Bucket':
      return keys(p.BucketEncryption?.ServerSideEncryptionConfiguration?.map((c: any) => c.ServerSideEncryptionByDefault?.KMSMasterKeyID))[0];
    case 'AWS::SNS::Topic':
    case 'AWS::SQS::Queue':
      return keys(p.KmsMasterKeyId)[0];
    case 'AWS::DynamoDB::Table':
      if (p.SSESpecification?.KMSMasterKeyId !== undefined) {
        throw new Error(`${id}: a DynamoDB table with a customer-managed key; write the KMS rule for it in permissions.ts`);
      }
      return undefined;
    default:
      return undefined;
  }
}

/**
 * The KMS requirements of an action the principal is allowed on some template resources (`reached`: the logical ids
 * the allowing statements refer to).
 */
export function kmsRequirements(model: TemplateModel, action: string, reached: string[]): Requirement[] {
  const kms = KMS_FOR_ACTION[action] ?? [];
  const out: Requirement[] = [];
  for (const id of reached) {
    const key = keyOf(model, id);
    if (!key) continue;
    for (const k of kms) out.push({ action: k, resource: model.arnOf(key), reason: `${action} on ${model.pathOf(id)}, encrypted with ${model.pathOf(key)}` });
  }
  return out;
}

/**
 * The requirements of one SDK call: its actions on any resource of their types, and iam:PassRole when the operation
 * requires a role (a required input member named `RoleArn`, `*RoleArn` or `Role`; the handlers here call none).
 */
export function callRequirements(call: SdkCall): Requirement[] {
  const reason = `${call.pkg} ${call.symbol}`;
  const roles = (operationInput(call.service, call.operation)?.required ?? []).filter((m) => /RoleArn$|^Role$/.test(m));
  return [
    ...actionsOf(call.service, call.operation).map((action) => ({ action, reason })),
    ...roles.map((m) => ({ action: 'iam:PassRole', reason: `${reason} passes ${m}` })),
  ];
}
