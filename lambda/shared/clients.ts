/**
 * AWS clients of the handlers, created once per Lambda container on first use. They take their region, credentials
 * and endpoint from the environment (SDK v3 honours AWS_ENDPOINT_URL), and tests inject their own with `setClients`.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface AwsClients {
  readonly sagemaker: SageMakerClient;
  readonly runtime: SageMakerRuntimeClient;
  readonly cloudwatch: CloudWatchClient;
  readonly dynamo: DynamoDBDocumentClient;
  readonly sfn: SFNClient;
  readonly sns: SNSClient;
  readonly events: EventBridgeClient;
  readonly s3: S3Client;
  /** Invokes traffic hooks (the hook runner) and hands restores to the rollback Lambda. */
  readonly lambda: LambdaClient;
  /** Reads the stack's status (the deploy trigger); absent in clients built before it was added. */
  readonly cloudformation?: CloudFormationClient;
}

/** Client settings shared by every client (e.g. `{ endpoint, region, credentials }` for an emulator). */
export type ClientConfig = Record<string, unknown>;

/** Document client that drops undefined fields (RolloutState has optional ones). */
export function documentClient(config: ClientConfig = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(config), { marshallOptions: { removeUndefinedValues: true } });
}

export function createClients(config: ClientConfig = {}): AwsClients {
  return {
    sagemaker: new SageMakerClient(config),
    runtime: new SageMakerRuntimeClient(config),
    cloudwatch: new CloudWatchClient(config),
    dynamo: documentClient(config),
    sfn: new SFNClient(config),
    sns: new SNSClient(config),
    events: new EventBridgeClient(config),
    s3: new S3Client(config),
    lambda: new LambdaClient(config),
    cloudformation: new CloudFormationClient(config),
  };
}

let cached: AwsClients | undefined;

export function clients(): AwsClients {
  return (cached ??= createClients());
}

/** Replaces the clients (tests); undefined goes back to clients built from the environment. */
export function setClients(c: AwsClients | undefined): void {
  cached = c;
}
