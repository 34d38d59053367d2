/** aws-sdk-client-mock plumbing: every client class mocked, handler clients injected, records built from a plan. */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DescribeEndpointCommand, SageMakerClient, UpdateEndpointWeightsAndCapacitiesCommand,
  UpdateEndpointWeightsAndCapacitiesCommandInput,
} from '@aws-sdk/client-sagemaker';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { SFNClient } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { ROLLOUT_ENV, initialState, RolloutPlan, RolloutRecord, RolloutState } from '../../../lambda/core/rollout';
import { createClients, setClients } from '../../../lambda/shared/clients';

export function mockAll() {
  const mocks = {
    sagemaker: mockClient(SageMakerClient),
    runtime: mockClient(SageMakerRuntimeClient),
    cloudwatch: mockClient(CloudWatchClient),
    dynamo: mockClient(DynamoDBDocumentClient),
    sfn: mockClient(SFNClient),
    sns: mockClient(SNSClient),
    events: mockClient(EventBridgeClient),
    s3: mockClient(S3Client),
    cloudformation: mockClient(CloudFormationClient),
  };
  setClients(createClients({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));
  process.env[ROLLOUT_ENV.TABLE] = 'rollouts';
  process.env[ROLLOUT_ENV.TOPIC] = 'arn:aws:sns:us-east-1:123456789012:rollouts';
  process.env[ROLLOUT_ENV.STATE_MACHINE] = 'arn:aws:states:us-east-1:123456789012:stateMachine:rollout';
  return {
    ...mocks,
    reset: () => Object.values(mocks).forEach((m) => m.reset()),
    restore: () => {
      Object.values(mocks).forEach((m) => m.restore());
      setClients(undefined);
    },
  };
}

/** SNS and EventBridge accept every notification (a test that checks them reads the calls). */
export function acceptNotifications(aws: ReturnType<typeof mockAll>): void {
  aws.sns.on(PublishCommand).resolves({});
  aws.events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e' }] });
}

export function awsError(name: string, message = name, status = 400): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

export const THROTTLED = () => awsError('ThrottlingException', 'Rate exceeded', 400);
export const IN_PROGRESS = () => awsError('ValidationException',
  'Cannot update in-progress endpoint "arn:aws:sagemaker:us-east-1:123456789012:endpoint/ep".');
export const CONFLICT = () => awsError('ConditionalCheckFailedException', 'The conditional request failed');

export function record(plan: RolloutPlan, state: Partial<RolloutState> = {}, extra: Partial<RolloutRecord> = {}): RolloutRecord {
  return {
    endpointName: 'ep', rolloutId: 'r1', executionArn: 'arn:aws:states:us-east-1:123456789012:execution:rollout:r1',
    stableVariant: 'stable', candidateVariant: 'candidate', plan, alarmNames: ['cand-5xx'],
    state: { ...initialState(1000), ...state }, history: [], updatedAt: 1000, version: 3, ...extra,
  };
}

export function endpointView(status: string, stable: number, candidate: number) {
  return {
    EndpointName: 'ep', EndpointStatus: status as 'InService',
    ProductionVariants: [{ VariantName: 'stable', CurrentWeight: stable }, { VariantName: 'candidate', CurrentWeight: candidate }],
  };
}

/**
 * DescribeEndpoint that shows what UpdateEndpointWeightsAndCapacities last accepted (as SageMaker does once settled):
 * the pair starts at `stable`/`candidate`; `refuse` makes every order fail with that error instead.
 */
export function liveEndpoint(aws: ReturnType<typeof mockAll>, stable: number, candidate: number,
  opts: { status?: string; refuse?: () => Error } = {}): { weights: Record<string, number> } {
  const weights: Record<string, number> = { stable, candidate };
  aws.sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).callsFake((input: UpdateEndpointWeightsAndCapacitiesCommandInput) => {
    if (opts.refuse) throw opts.refuse();
    for (const v of input.DesiredWeightsAndCapacities ?? []) weights[v.VariantName!] = v.DesiredWeight ?? 0;
    return {};
  });
  aws.sagemaker.on(DescribeEndpointCommand).callsFake(() => endpointView(opts.status ?? 'InService', weights.stable, weights.candidate));
  return { weights };
}
