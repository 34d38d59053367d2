/**
 * A rollout world in moto_server: an endpoint with a stable and a candidate variant, the rollout table, a
 * candidate-scoped alarm, a state machine to start/stop executions of, and an SNS topic. The handlers get clients
 * pointed at it through setClients, and their environment through process.env.
 */
import { CloudWatchClient, PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand, DescribeEndpointCommand,
} from '@aws-sdk/client-sagemaker';
import { CreateStateMachineCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { CreateTopicCommand } from '@aws-sdk/client-sns';
import { HISTORY_PARTITION_KEY, HISTORY_SORT_KEY, ROLLOUT_ENV } from '../../../lambda/core/rollout';
import { AwsClients, createClients, setClients } from '../../../lambda/shared/clients';
import { motoClientConfig, MotoServer, startMoto } from '../../helpers/moto';
import { fastTiming } from './support';

export const STABLE = 'stable';
export const CANDIDATE = 'candidate';

let counter = 0;

export interface MotoWorld {
  readonly aws: AwsClients;
  readonly tableName: string;
  /** The rollout history table (ROLLOUT_ENV.HISTORY_TABLE). */
  readonly historyTableName: string;
  readonly stateMachineArn: string;
  readonly topicArn: string;
  /** A fresh endpoint (stable 100%, candidate 0%) and its candidate alarm. */
  newEndpoint(): Promise<{ endpointName: string; alarmName: string }>;
  startExecution(name: string): Promise<string>;
  setAlarm(alarmName: string, state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA'): Promise<void>;
  /** CurrentWeight per variant (moto omits a weight of 0). */
  weights(endpointName: string): Promise<Record<string, number>>;
}

export async function motoWorld(endpoint: string): Promise<MotoWorld> {
  const config = motoClientConfig(endpoint);
  const aws = createClients(config);
  const id = `${process.pid}-${++counter}`;
  const tableName = `rollouts-${id}`;
  await aws.dynamo.send(new CreateTableCommand({
    TableName: tableName,
    AttributeDefinitions: [{ AttributeName: 'endpointName', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'endpointName', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  }));
  const historyTableName = `rollout-history-${id}`;
  await aws.dynamo.send(new CreateTableCommand({
    TableName: historyTableName,
    AttributeDefinitions: [{ AttributeName: HISTORY_PARTITION_KEY, AttributeType: 'S' }, { AttributeName: HISTORY_SORT_KEY, AttributeType: 'S' }],
    KeySchema: [{ AttributeName: HISTORY_PARTITION_KEY, KeyType: 'HASH' }, { AttributeName: HISTORY_SORT_KEY, KeyType: 'RANGE' }],
    BillingMode: 'PAY_PER_REQUEST',
  }));
  const role = 'arn:aws:iam::123456789012:role/rollout';
  const sm = await aws.sfn.send(new CreateStateMachineCommand({
    name: `rollout-${id}`, roleArn: role,
    definition: JSON.stringify({ StartAt: 'Wait', States: { Wait: { Type: 'Wait', Seconds: 3600, End: true } } }),
  }));
  const topic = await aws.sns.send(new CreateTopicCommand({ Name: `rollout-${id}` }));
  process.env[ROLLOUT_ENV.TABLE] = tableName;
  process.env[ROLLOUT_ENV.HISTORY_TABLE] = historyTableName;
  process.env[ROLLOUT_ENV.TOPIC] = topic.TopicArn!;
  process.env[ROLLOUT_ENV.STATE_MACHINE] = sm.stateMachineArn!;
  delete process.env[ROLLOUT_ENV.EVENT_BUS];
  const cw: CloudWatchClient = aws.cloudwatch;
  let endpoints = 0;

  return {
    aws,
    tableName,
    historyTableName,
    stateMachineArn: sm.stateMachineArn!,
    topicArn: topic.TopicArn!,
    async newEndpoint() {
      const endpointName = `ep-${id}-${++endpoints}`;
      for (const v of [STABLE, CANDIDATE]) {
        await aws.sagemaker.send(new CreateModelCommand({
          ModelName: `${endpointName}-${v}`, ExecutionRoleArn: role,
          PrimaryContainer: { Image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1', ModelDataUrl: 's3://m/model.tar.gz' },
        }));
      }
      await aws.sagemaker.send(new CreateEndpointConfigCommand({
        EndpointConfigName: `${endpointName}-config`,
        ProductionVariants: [STABLE, CANDIDATE].map((v) => ({
          VariantName: v, ModelName: `${endpointName}-${v}`, InitialInstanceCount: 1, InstanceType: 'ml.m5.large',
          InitialVariantWeight: v === STABLE ? 1 : 0,
        })),
      }));
      await aws.sagemaker.send(new CreateEndpointCommand({ EndpointName: endpointName, EndpointConfigName: `${endpointName}-config` }));
      const alarmName = `${endpointName}-candidate-5xx`;
      await cw.send(new PutMetricAlarmCommand({
        AlarmName: alarmName, Namespace: 'AWS/SageMaker', MetricName: 'Invocation5XXErrors', Statistic: 'Average',
        Dimensions: [{ Name: 'EndpointName', Value: endpointName }, { Name: 'VariantName', Value: CANDIDATE }],
        Period: 60, EvaluationPeriods: 1, Threshold: 0.05, ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
      }));
      return { endpointName, alarmName };
    },
    async startExecution(name) {
      const out = await aws.sfn.send(new StartExecutionCommand({ stateMachineArn: sm.stateMachineArn!, name }));
      return out.executionArn!;
    },
    async setAlarm(alarmName, state) {
      await cw.send(new SetAlarmStateCommand({ AlarmName: alarmName, StateValue: state, StateReason: `test set ${state}` }));
    },
    async weights(endpointName) {
      const out = await aws.sagemaker.send(new DescribeEndpointCommand({ EndpointName: endpointName }));
      return Object.fromEntries((out.ProductionVariants ?? []).map((v) => [v.VariantName!, v.CurrentWeight ?? 0]));
    },
  };
}

/**
 * For the enclosing describe: starts moto_server with a world (endpoint, table, alarms, state machine, topic), points
 * the handlers' clients at it with fast timings, and stops it afterwards. Read `ctx.moto` / `ctx.world` in tests.
 */
export function useMotoWorld(): { readonly moto: MotoServer; readonly world: MotoWorld } {
  const ctx = {} as { moto: MotoServer; world: MotoWorld };
  beforeAll(async () => {
    ctx.moto = await startMoto();
    ctx.world = await motoWorld(ctx.moto.endpoint);
    setClients(ctx.world.aws);
    fastTiming();
  });
  afterAll(async () => {
    setClients(undefined);
    await ctx.moto?.stop();
  });
  return ctx;
}
