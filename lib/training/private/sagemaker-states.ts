/**
 * Step Functions states for SageMaker and Athena calls that aws-cdk-lib's task classes do not render as needed
 * (Batch Transform with DataProcessing and a KMS key, model deletion, Athena UNLOAD without the task's catalog-wide
 * grants). The IAM they need is added by the caller, scoped to the resources involved. Step Functions has optimized
 * integrations for CreateModel and CreateTransformJob (connect-sagemaker.html) but not for DeleteModel, which goes
 * through the AWS SDK integration.
 */
import { Aws } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

function task(scope: Construct, id: string, resource: string, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}): sfn.CustomState {
  return new sfn.CustomState(scope, id, {
    stateJson: {
      Type: 'Task',
      Resource: `arn:${Aws.PARTITION}:states:::${resource}`,
      Parameters: parameters,
      ResultPath: sfn.JsonPath.DISCARD,
      ...extra,
    },
  });
}

/** Waits for an Athena query (here an UNLOAD) to finish. */
export function athenaQuery(scope: Construct, id: string, queryString: string, workGroup: string): sfn.CustomState {
  return task(scope, id, 'athena:startQueryExecution.sync', { 'QueryString.$': queryString, 'WorkGroup': workGroup });
}

export interface CreateModelOptions {
  /** JSONPath or intrinsic giving the name. */
  readonly modelName: string;
  /** A fixed image URI, or (imagePath) where the execution's data holds it. */
  readonly image?: string;
  readonly imagePath?: string;
  /** JSONPath of the artifact URI. */
  readonly modelDataUrlPath: string;
  readonly roleArn: string;
}

/** CreateModel. */
export function createModel(scope: Construct, id: string, o: CreateModelOptions): sfn.CustomState {
  return task(scope, id, 'sagemaker:createModel', {
    'ModelName.$': o.modelName,
    'ExecutionRoleArn': o.roleArn,
    'EnableNetworkIsolation': true,
    'PrimaryContainer': {
      ...(o.imagePath ? { 'Image.$': o.imagePath } : { Image: o.image }),
      'ModelDataUrl.$': o.modelDataUrlPath,
    },
  });
}

export function deleteModel(scope: Construct, id: string, modelName: string): sfn.CustomState {
  return task(scope, id, 'aws-sdk:sagemaker:deleteModel', { 'ModelName.$': modelName });
}

export interface TransformOptions {
  readonly jobName: string;
  readonly modelName: string;
  readonly inputUri: string;
  readonly outputUri: string;
  readonly instanceType: string;
  readonly kmsKeyArn: string;
  /** Drops the label and row id before the model, keeps label, row id and prediction after it. */
  readonly evaluation: boolean;
}

/** A Batch Transform job of CSV lines, waited for. */
export function transformJob(scope: Construct, id: string, o: TransformOptions): sfn.CustomState {
  return task(scope, id, 'sagemaker:createTransformJob.sync', {
    'TransformJobName.$': o.jobName,
    'ModelName.$': o.modelName,
    'BatchStrategy': 'MultiRecord',
    'TransformInput': {
      DataSource: { S3DataSource: { 'S3DataType': 'S3Prefix', 'S3Uri.$': o.inputUri } },
      ContentType: 'text/csv',
      SplitType: 'Line',
    },
    'TransformOutput': { 'S3OutputPath.$': o.outputUri, 'Accept': 'text/csv', 'AssembleWith': 'Line', 'KmsKeyId': o.kmsKeyArn },
    'TransformResources': { InstanceType: o.instanceType, InstanceCount: 1, VolumeKmsKeyId: o.kmsKeyArn },
    ...(o.evaluation ? { DataProcessing: { InputFilter: '$[2:]', JoinSource: 'Input', OutputFilter: '$[0,1,-1]' } } : {}),
  });
}
