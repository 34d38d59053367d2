import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { EXPERIMENT_NAMESPACE } from '../../../contracts/experiments';
import { acknowledgeWildcards } from '../../private/nag';

/** Read access to one endpoint's capture files, acknowledged for cdk-nag. */
export function grantCaptureRead(fn: lambda.IFunction, bucket: s3.IBucket, prefix: string, endpointName: string): void {
  const g = bucket.grantRead(fn, `${prefix ? `${prefix}/` : ''}${endpointName}/*`);
  acknowledgeWildcards(fn, 'Capture files of this endpoint only: SageMaker names them by variant and hour at run time (aws-cdk-lib read grant).', g);
}

/** PutMetricData limited to the experiments namespace. */
export function grantPutExperimentMetrics(fn: lambda.IFunction): void {
  const s = new iam.PolicyStatement({
    actions: ['cloudwatch:PutMetricData'],
    resources: ['*'],
    conditions: { StringEquals: { 'cloudwatch:namespace': EXPERIMENT_NAMESPACE } },
  });
  fn.addToRolePolicy(s);
  acknowledgeWildcards(fn, 'cloudwatch:PutMetricData is not scoped to resources by IAM; the condition limits it to the experiments namespace.', s);
}
