import { ArnFormat, Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { allowLogsToUseKey } from './key-policy';
import { acknowledgeKeyGrant, acknowledgeWildcards } from '../../private/nag';
import { invalid, validateIntRange } from './validate';

/** CloudWatch namespace of the metrics the cdk-mlops Glue scripts publish (RecordsWritten). */
export const DATA_METRICS_NAMESPACE = 'cdk-mlops/Data';

/** The pieces every cdk-mlops Glue job needs: role, KMS security configuration, encrypted log group. */
export interface GlueJobSupport {
  readonly role: iam.Role;
  readonly securityConfiguration: glue.SecurityConfiguration;
  readonly logGroup: logs.LogGroup;
}

/** Creates a least-privilege Glue role, a security configuration (S3, CloudWatch, bookmarks with `key`) and logs. */
export function glueJobSupport(scope: Construct, key: kms.IKey, logRetention: logs.RetentionDays, removalPolicy: RemovalPolicy): GlueJobSupport {
  const stack = Stack.of(scope);
  const role = new iam.Role(scope, 'Role', {
    assumedBy: new iam.ServicePrincipal('glue.amazonaws.com'),
    description: `Glue job ${scope.node.path}`,
  });
  const securityConfiguration = new glue.SecurityConfiguration(scope, 'SecurityConfiguration', {
    s3Encryption: glue.S3Encryption.kms(key),
    cloudWatchEncryption: glue.CloudWatchEncryption.kms(key),
    jobBookmarksEncryption: glue.JobBookmarksEncryption.clientSideKms(key),
  });
  allowLogsToUseKey(key);
  const logGroup = new logs.LogGroup(scope, 'Logs', { encryptionKey: key, retention: logRetention, removalPolicy });
  key.grantEncryptDecrypt(role);
  acknowledgeKeyGrant(role);

  // Glue's own driver/executor log groups under /aws-glue/ (with the security configuration, Glue associates the key).
  const glueLogs = new iam.PolicyStatement({
    actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:AssociateKmsKey'],
    resources: [stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '/aws-glue/*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
  });
  role.addToPolicy(glueLogs);
  acknowledgeWildcards(role, 'Glue names its log groups and streams per run under /aws-glue/; the prefix is the narrowest scope.', glueLogs);
  // PutMetricData has no resource-level permissions; the namespace condition scopes it.
  const metrics = new iam.PolicyStatement({
    actions: ['cloudwatch:PutMetricData'],
    resources: ['*'],
    conditions: { StringEquals: { 'cloudwatch:namespace': ['Glue', DATA_METRICS_NAMESPACE] } },
  });
  role.addToPolicy(metrics);
  acknowledgeWildcards(role, 'cloudwatch:PutMetricData supports no resource ARNs; a cloudwatch:namespace condition limits it to Glue and cdk-mlops metrics.', metrics);
  return { role, securityConfiguration, logGroup };
}

/** Validates the shared Glue job limits. */
export function validateJobLimits(owner: string, maxRetries: number, timeout: Duration | undefined, workers: number): void {
  validateIntRange(owner, 'maxRetries', maxRetries, 0, 10, 'Glue retries a failed run 0 to 10 times.');
  validateIntRange(owner, 'numberOfWorkers', workers, 2, 299, 'Spark jobs need a whole number of 2 to 299 workers (one is the driver).');
  if (timeout !== undefined && !timeout.isUnresolved()) {
    const minutes = timeout.toMinutes({ integral: false });
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 10080) {
      invalid(owner, 'timeout', timeout.toHumanString(), 'Glue job timeouts are whole minutes from 1 minute to 7 days (10080 minutes).');
    }
  }
}

/**
 * Binds job code to the role now (glue.Code caches its asset, so the job's own bind reuses it) and acknowledges
 * the read grant on the CDK asset bucket that aws-cdk-lib makes for it.
 */
export function bindCode(scope: Construct, code: glue.Code, role: iam.IRole): glue.Code {
  const cfg = code.bind(scope, role);
  acknowledgeWildcards(role, 'Read of the CDK bootstrap asset bucket holding the job script, granted by aws-cdk-lib for the Glue script asset.',
    new iam.PolicyStatement({ resources: [`arn:${Aws.PARTITION}:s3:::${cfg.s3Location.bucketName}/*`] }));
  return code;
}
