import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { EXPERIMENT_NAMESPACE } from '../../../contracts/experiments';
import { grantCaptureFilesRead } from '../../monitoring/private/resolve';
import { acknowledgeWildcards } from '../../private/nag';
import { grantPutMetricData } from '../../private/put-metric-data';

/** Read access to one endpoint's capture files, acknowledged for cdk-nag. */
export function grantCaptureRead(fn: lambda.IFunction, bucket: s3.IBucket, prefix: string, endpointName: string): void {
  const g = grantCaptureFilesRead(fn, { bucket, prefix }, endpointName);
  acknowledgeWildcards(fn, 'Capture files of this endpoint only: SageMaker names them by variant and hour at run time (aws-cdk-lib read grant).', g);
}

/** PutMetricData limited to the experiments namespace. */
export function grantPutExperimentMetrics(fn: lambda.IFunction): void {
  grantPutMetricData(fn, EXPERIMENT_NAMESPACE, 'experiments');
}
