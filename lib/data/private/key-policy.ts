import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';

const logsAllowed = new WeakSet<kms.IKey>();

/**
 * Lets CloudWatch Logs of this account and region use the key for encrypted log groups, once per key.
 * A no-op for imported keys: their policy must allow `logs.<region>.amazonaws.com` already.
 */
export function allowLogsToUseKey(key: kms.IKey): void {
  if (logsAllowed.has(key)) return;
  logsAllowed.add(key);
  const stack = Stack.of(key);
  key.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: {
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
          service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    },
  }));
}

const alarmsAllowed = new WeakSet<kms.IKey>();

/**
 * Lets CloudWatch alarms publish to SNS topics encrypted with the key, once per key (no-op for imported keys).
 */
export function allowCloudWatchAlarmsToUseKey(key: kms.IKey): void {
  if (alarmsAllowed.has(key)) return;
  alarmsAllowed.add(key);
  key.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
    conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(key).account } },
  }));
}
