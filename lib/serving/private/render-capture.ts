import { Annotations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import { CaptureMode, DataCaptureOptions } from '../data-capture';
import type { DataCaptureLocation } from '../endpoint-props';

/** A principal SageMaker may write captures as: `what` names it in the warning when its role is unknown. */
export interface CaptureWriter {
  readonly what: string;
  readonly role?: iam.IRole;
}

/**
 * The endpoint configuration's `DataCaptureConfig`, after granting every writer s3:PutObject on the prefix (and
 * encrypt on its key): SageMaker writes captures with an execution role of the endpoint's models.
 */
export function renderDataCapture(scope: Construct, dc: DataCaptureOptions, writers: CaptureWriter[]): sagemaker.CfnEndpointConfig.DataCaptureConfigProperty {
  const location = captureLocation(dc);
  const { prefix, encryptionKey: key, captureMode: mode } = location;
  grantCaptureWrites(scope, location, writers);
  return {
    enableCapture: true,
    initialSamplingPercentage: dc.samplingPercentage ?? 100,
    destinationS3Uri: dc.bucket.s3UrlForObject(prefix),
    kmsKeyId: key?.keyArn,
    captureOptions: mode.modes.map((m) => ({ captureMode: m })),
    captureContentTypeHeader: {
      csvContentTypes: dc.csvContentTypes ?? ['text/csv'],
      jsonContentTypes: dc.jsonContentTypes ?? ['application/json'],
    },
  };
}

/** Lets each writer put capture files under the prefix (and encrypt with its key); warns for an unknown role. */
export function grantCaptureWrites(scope: Construct, location: DataCaptureLocation, writers: CaptureWriter[]): void {
  for (const w of writers) {
    if (w.role) {
      location.bucket.grantPut(w.role, `${location.prefix}/*`);
      location.encryptionKey?.grantEncrypt(w.role);
    } else {
      Annotations.of(scope).addWarningV2('cdk-mlops:dataCaptureRole',
        `${w.what} uses an imported model whose role is unknown; grant it s3:PutObject on ${location.prefix}/* yourself so data capture works.`);
    }
  }
}

/** Where captures land, with the defaults applied. */
export function captureLocation(dc: DataCaptureOptions): DataCaptureLocation {
  return {
    bucket: dc.bucket,
    prefix: dc.prefix ?? 'datacapture',
    captureMode: dc.captureMode ?? CaptureMode.INPUT_AND_OUTPUT,
    encryptionKey: dc.encryptionKey ?? dc.bucket.encryptionKey,
  };
}
