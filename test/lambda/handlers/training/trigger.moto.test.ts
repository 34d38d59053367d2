/**
 * The retraining trigger handler against moto_server: DynamoDB ledger, Step Functions, CloudWatch metrics.
 * The clock is driven by the test (Date.now and the events' `time`), so cool-down and data rules are exercised
 * as in production, in seconds.
 */
import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { CreateStateMachineCommand, DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { RETRAINING_TRIGGER_ENV as ENV, TriggerPolicyConfig } from '../../../../contracts/training';
import { handler } from '../../../../lambda/handlers/retraining-trigger';
import { periodFor } from '../../../../lambda/handlers/retraining-trigger/new-rows';
import { AwsClients, createClients, setClients } from '../../../../lambda/shared/clients';
import { haveMoto, motoClientConfig, MotoServer, startMoto } from '../../../helpers/moto';
import { captureLogs } from '../support';

const maybe = haveMoto() ? describe : describe.skip;
const H = 3_600_000;
const DRIFT = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:iris-drift';

test('the metric period keeps GetMetricStatistics under 1,440 datapoints', () => {
  expect(periodFor(0, 3 * H)).toBe(60); // 180 one-minute points
  expect(periodFor(0, 30 * 24 * H)).toBe(1800); // 30 days / 1440 = 1800 s
  expect(periodFor(0, 30 * 24 * H) * 1440).toBeGreaterThanOrEqual(30 * 24 * 3600);
});

maybe('retraining trigger against moto', () => {
  let moto: MotoServer;
  let aws: AwsClients;
  let now = 0;
  const base = Date.now() - 12 * H; // CloudWatch keeps recent datapoints; stay in the last day

  beforeAll(async () => {
    moto = await startMoto();
    aws = createClients(motoClientConfig(moto.endpoint));
    setClients(aws);
    await aws.dynamo.send(new CreateTableCommand({
      TableName: 'ledger', BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pipeline', AttributeType: 'S' }, { AttributeName: 'at', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pipeline', KeyType: 'HASH' }, { AttributeName: 'at', KeyType: 'RANGE' }],
    }));
    const sm = await aws.sfn.send(new CreateStateMachineCommand({
      name: 'retraining', roleArn: 'arn:aws:iam::123456789012:role/sfn',
      definition: JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } }),
    }));
    const policy: TriggerPolicyConfig = {
      coolDownMs: 2 * H, minNewRows: 100, maxRunMs: 6 * H,
      drift: { alarmArns: [DRIFT], n: 2, m: 3, windowMs: H },
    };
    Object.assign(process.env, {
      [ENV.LEDGER_TABLE]: 'ledger', [ENV.PIPELINE_NAME]: 'iris', [ENV.STATE_MACHINE_ARN]: sm.stateMachineArn,
      [ENV.POLICY]: JSON.stringify(policy), [ENV.ROWS_NAMESPACE]: 'cdk-mlops/Data', [ENV.ROWS_METRIC]: 'RecordsWritten',
      [ENV.ROWS_DIMENSIONS]: JSON.stringify({ JobName: 'iris-etl' }),
    });
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    setClients(undefined);
    await moto?.stop();
  });

  const at = (h: number) => { now = base + h * H; return new Date(now).toISOString(); };
  const alarm = (h: number, state: string) => ({
    source: 'aws.cloudwatch', 'detail-type': 'CloudWatch Alarm State Change', time: at(h), resources: [DRIFT],
    detail: { alarmName: 'iris-drift', state: { value: state } },
  });
  const ended = (h: number, executionArn: string, status: string) => ({
    source: 'aws.states', 'detail-type': 'Step Functions Execution Status Change', time: at(h),
    detail: { executionArn, status, stopDate: base + h * H },
  });
  const rows = (h: number, value: number) => aws.cloudwatch.send(new PutMetricDataCommand({
    Namespace: 'cdk-mlops/Data',
    MetricData: [{ MetricName: 'RecordsWritten', Dimensions: [{ Name: 'JobName', Value: 'iris-etl' }], Value: value, Timestamp: new Date(base + h * H), Unit: 'Count' }],
  }));

  it('runs the loop: start, one at a time, end, cool-down, too little data, drift N of M, ledger of every trigger', async () => {
    captureLogs();
    at(0);
    const first = await handler({ kind: 'schedule' });
    expect(first).toMatchObject({ outcome: 'started', reason: 'schedule; first run' });
    const exec = await aws.sfn.send(new DescribeExecutionCommand({ executionArn: first!.executionArn! }));
    expect(JSON.parse(exec.input!)).toMatchObject({ reasons: ['schedule'], snapshotAt: new Date(base).toISOString() });

    expect(await handler(alarm(0.5, 'ALARM'))).toMatchObject({ outcome: 'no-trigger' }); // 1 of 3 windows
    expect(await handler(alarm(1.5, 'ALARM'))).toMatchObject({ outcome: 'suppressed-already-running' }); // 2 of 3
    expect(await handler(ended(2, first!.executionArn!, 'SUCCEEDED'))).toMatchObject({ outcome: 'recorded' });
    // Evidence restarts after a run: only the window (2,3] counts, 1 of the 2 needed.
    expect(await handler(alarm(3, 'ALARM'))).toMatchObject({ outcome: 'no-trigger', reason: expect.stringMatching(/1 of the last 3 windows in ALARM since the last run/) });
    // Cool-down over at 4h; the alarm stayed in ALARM since 3h: (2,3], (3,4], (4,5] all in ALARM by 5h.
    await rows(1, 30); await rows(4, 40);
    at(5);
    expect(await handler({ kind: 'tick' })).toMatchObject({ outcome: 'suppressed-too-little-data', reason: expect.stringMatching(/70 new rows/) });
    await rows(5, 50);
    at(5.5);
    const second = await handler({ kind: 'tick' });
    expect(second).toMatchObject({ outcome: 'started', reason: expect.stringMatching(/drift alarm iris-drift in ALARM in 3 of the last 3 windows.*120 new rows/) });

    // A failed retraining: recorded, cool-down again, and the next start counts rows from the first (successful) run.
    expect(await handler(ended(6, second!.executionArn!, 'FAILED'))).toMatchObject({ outcome: 'recorded', reason: expect.stringMatching(/FAILED/) });
    at(6.5);
    expect(await handler({ source: 'cdk-mlops.retraining', 'detail-type': 'Retraining Requested', time: at(6.5), detail: {} }))
      .toMatchObject({ outcome: 'suppressed-cool-down' });
    expect(await handler({ source: 'cdk-mlops.retraining', 'detail-type': 'Retraining Requested', time: at(6.6), detail: { force: true } }))
      .toMatchObject({ outcome: 'started', reason: 'manual request; forced' });

    const ledger = await aws.dynamo.send(new QueryCommand({ TableName: 'ledger', KeyConditionExpression: 'pipeline = :p', ExpressionAttributeValues: { ':p': 'iris' } }));
    const records = (ledger.Items ?? []).filter((i) => i.at !== 'STATE').map((i) => `${i.kind}:${i.outcome}`);
    // Every trigger but the tick that asked for nothing is recorded, in time order.
    expect(records).toEqual([
      'schedule:started', 'drift-alarm:no-trigger', 'drift-alarm:suppressed-already-running', 'run-ended:recorded',
      'drift-alarm:no-trigger', 'tick:suppressed-too-little-data', 'tick:started', 'run-ended:recorded',
      'manual:suppressed-cool-down', 'manual:started',
    ]);
    const state = (ledger.Items ?? []).find((i) => i.at === 'STATE')!;
    expect(state).toMatchObject({ lastTrainedAt: base, lastRunStatus: 'FAILED', running: { startedAt: base + 6.6 * H } });
  });

  it('rejects an alarm that is not one of the pipeline\'s, and ignores a run still RUNNING', async () => {
    await expect(handler({ ...alarm(7, 'ALARM'), resources: ['arn:aws:cloudwatch:us-east-1:123456789012:alarm:other'] }))
      .rejects.toThrow(/neither a drift nor a quality alarm/);
    expect(await handler({ source: 'aws.states', 'detail-type': 'Step Functions Execution Status Change', detail: { status: 'RUNNING' } })).toBeUndefined();
    await expect(handler({ hello: 1 })).rejects.toThrow(/unrecognised event/);
  });
});
