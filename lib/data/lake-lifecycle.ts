import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { invalid, wholeDays } from './private/validate';

/**
 * How long lake objects stay in each storage class. Applied to every lake bucket.
 */
export interface LakeLifecycle {
  /**
   * Move current objects to S3 Standard-IA after this long. S3 requires at least 30 days.
   * @default - objects stay in S3 Standard
   */
  readonly transitionToInfrequentAccessAfter?: Duration;
  /**
   * Move current objects to S3 Glacier Flexible Retrieval after this long. Must be later than
   * `transitionToInfrequentAccessAfter` when both are set.
   * @default - objects are not archived
   */
  readonly transitionToGlacierAfter?: Duration;
  /**
   * Expire (delete) current objects after this long. Must be later than every transition.
   * @default - objects never expire
   */
  readonly expireAfter?: Duration;
  /**
   * Delete versions that were overwritten or deleted after this long.
   * @default Duration.days(90)
   */
  readonly noncurrentVersionExpiration?: Duration;
  /**
   * Abort multipart uploads that never completed after this long.
   * @default Duration.days(7)
   */
  readonly abortIncompleteMultipartUploadAfter?: Duration;
}

/** Validates a LakeLifecycle and renders it as one S3 lifecycle rule. */
export function renderLifecycle(owner: string, lc: LakeLifecycle = {}): s3.LifecycleRule {
  const ia = lc.transitionToInfrequentAccessAfter;
  const glacier = lc.transitionToGlacierAfter;
  const expire = lc.expireAfter;
  const iaDays = ia && !ia.isUnresolved() ? wholeDays(owner, 'lifecycle.transitionToInfrequentAccessAfter', ia, 30) : undefined;
  const glacierDays = glacier && !glacier.isUnresolved() ? wholeDays(owner, 'lifecycle.transitionToGlacierAfter', glacier, 1) : undefined;
  const expireDays = expire && !expire.isUnresolved() ? wholeDays(owner, 'lifecycle.expireAfter', expire, 1) : undefined;
  if (iaDays !== undefined && glacierDays !== undefined && glacierDays <= iaDays) {
    invalid(owner, 'lifecycle.transitionToGlacierAfter', glacier!.toHumanString(),
      `It moves data to Glacier before (or when) it reaches infrequent access at ${ia!.toHumanString()}; ` +
      'S3 only moves objects to colder classes. Set transitionToGlacierAfter later than transitionToInfrequentAccessAfter, or drop one of them.');
  }
  const lastTransition = Math.max(iaDays ?? 0, glacierDays ?? 0);
  if (expireDays !== undefined && expireDays <= lastTransition) {
    invalid(owner, 'lifecycle.expireAfter', expire!.toHumanString(),
      `Objects would expire before (or when) their last storage-class transition at ${lastTransition} days. Set expireAfter later than every transition.`);
  }
  const noncurrent = lc.noncurrentVersionExpiration ?? Duration.days(90);
  const abort = lc.abortIncompleteMultipartUploadAfter ?? Duration.days(7);
  if (!noncurrent.isUnresolved()) wholeDays(owner, 'lifecycle.noncurrentVersionExpiration', noncurrent, 1);
  if (!abort.isUnresolved()) wholeDays(owner, 'lifecycle.abortIncompleteMultipartUploadAfter', abort, 1);

  const transitions: s3.Transition[] = [];
  if (ia) transitions.push({ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: ia });
  if (glacier) transitions.push({ storageClass: s3.StorageClass.GLACIER, transitionAfter: glacier });
  return {
    id: 'LakeLifecycle',
    enabled: true,
    transitions: transitions.length > 0 ? transitions : undefined,
    expiration: expire,
    noncurrentVersionExpiration: noncurrent,
    abortIncompleteMultipartUploadAfter: abort,
  };
}
