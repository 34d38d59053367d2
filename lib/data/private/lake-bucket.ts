import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * The baseline every bucket of the lake's data gets (the zone buckets, the Athena results bucket): the lake's KMS
 * key with an S3 bucket key, TLS only, no public access, ACLs off, versioned, and server access logs under
 * `logPrefix` when the lake has an access-log bucket.
 */
export function lakeBucketProps(encryptionKey: kms.IKey, accessLogs: s3.IBucket | undefined, logPrefix: string): s3.BucketProps {
  return {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey,
    bucketKeyEnabled: true,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
    ...(accessLogs ? { serverAccessLogsBucket: accessLogs, serverAccessLogsPrefix: logPrefix } : {}),
  };
}
