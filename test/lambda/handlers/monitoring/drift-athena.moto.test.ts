/**
 * The drift monitor's Athena path: S3 and CloudWatch on moto_server, Athena through aws-sdk-client-mock (moto's
 * Athena returns canned results), the query's rows computed by running the SQL the handler sent in DuckDB over the
 * same capture lines. A window above the switch point gets the Lambda path's records and decision; every result page
 * is read; a query still running at the run's deadline is handed over (its id in the checkpoint) and finished by
 * the next run without a second query; a failed query fails the run loudly and the window is queried again.
 */
import {
  AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand, type Row,
} from '@aws-sdk/client-athena';
import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import type { FeatureSchema } from '../../../../contracts/model-monitor';
import { checkpointKey, type MonitorCheckpoint } from '../../../../contracts/monitoring-jobs';
import { baselineStatisticsFile, computeBaseline, suggestConstraints } from '../../../../lambda/core/monitoring';
import { runDriftMonitor } from '../../../../lambda/handlers/drift-monitor';
import type { PollClock } from '../../../../lambda/handlers/drift-monitor/athena-window';
import type { DriftConfig } from '../../../../lambda/handlers/drift-monitor/config';
import { setAthenaClient } from '../../../../lambda/shared/athena';
import { AwsClients, createClients, setClients } from '../../../../lambda/shared/clients';
import { createLogger, setLogSink } from '../../../../lambda/shared/log';
import { getJson } from '../../../../lambda/shared/monitoring-io';
import { runInDuckDb, type CapturePartitionLine } from '../../../helpers/athena-duckdb';
import { haveMoto, motoClientConfig, MotoServer, startMoto } from '../../../helpers/moto';
import { captureLine } from './capture-fixture';

const run = haveMoto() ? describe : describe.skip;

const schema: FeatureSchema = {
  features: [
    { name: 'sepal_length', kind: 'numeric', source: 'input' }, { name: 'petal_length', kind: 'numeric', source: 'input' },
    { name: 'score', kind: 'numeric', source: 'output' },
  ],
};

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

run('drift-monitor Athena path (moto_server S3 + mocked Athena)', () => {
  let moto: MotoServer;
  let aws: AwsClients;
  const bucket = 'lake-monitoring';
  const athena = mockClient(AthenaClient);
  // S3's own clock (a marker object's LastModified: the monitor selects captures by it), and a simulated clock for the
  // runs' Athena polls: the test never waits for the wall clock.
  let nowMs = 0;
  const clockAt = (ms: number): PollClock => {
    let t = ms;
    return { now: () => t, sleep: async (d) => { t += d; } };
  };
  const drift = (monitorName: string, viaAthena: boolean, runAt: number, deadlineMs = runAt + 4 * 60_000) =>
    runDriftMonitor(config(monitorName, viaAthena), runAt, createLogger(), deadlineMs, clockAt(runAt));
  const hour = (ms: number) => new Date(ms).toISOString().slice(0, 13).replace(/[-T]/g, '/');
  const lines: CapturePartitionLine[] = [];
  let states: string[] = [];
  let started: string[] = [];

  const config = (monitorName: string, viaAthena: boolean): DriftConfig => ({
    endpointName: 'iris', variantNames: ['champion'], dimension: 'VariantName', monitorName, schema,
    baselineStatistics: `s3://${bucket}/baselines/iris/statistics.json`, baselineConstraints: `s3://${bucket}/baselines/iris/constraints.json`,
    thresholds: { numericEffect: { statistic: 'ks_distance', size: 0.1 } }, captureBucket: bucket, capturePrefix: 'data-capture', reportBucket: bucket,
    athenaSwitchBytes: viaAthena ? 1 : 1024 ** 3,
    ...(viaAthena ? { athena: { workGroup: 'wg', database: 'lake_data_capture', table: 'iris_capture' } } : {}),
  });

  beforeAll(async () => {
    moto = await startMoto();
    aws = createClients(motoClientConfig(moto.endpoint));
    setClients(aws);
    setAthenaClient(new AthenaClient({ region: 'us-east-1' }));
    setLogSink(() => undefined);
    await aws.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'clock-marker', Body: '' }));
    nowMs = (await aws.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'clock-marker' }))).LastModified!.getTime();
    const rnd = lcg(7);
    const n = 2000;
    const baseline = computeBaseline(schema, {
      sepal_length: Array.from({ length: n }, () => 5 + rnd()), petal_length: Array.from({ length: n }, () => 1 + 5 * rnd()),
      score: Array.from({ length: n }, () => rnd()),
    });
    const put = (key: string, body: string) => aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    await put('baselines/iris/statistics.json', JSON.stringify(baselineStatisticsFile(baseline)));
    await put('baselines/iris/constraints.json', JSON.stringify(suggestConstraints(baseline)));
    // 600 requests in the last 10 minutes: petal_length shifted up by 2.
    for (let i = 0; i < 600; i++) {
      const time = nowMs - 600_000 + i * 900;
      const input = `${(5 + rnd()).toFixed(4)},${(3 + 5 * rnd()).toFixed(4)}`;
      lines.push({ line: captureLine({ input, output: rnd().toFixed(4), eventId: `e${i}`, time: new Date(time).toISOString() }), variant: 'champion', dt: hour(time) });
    }
    await put(`data-capture/iris/champion/${hour(nowMs)}/00-00-001-b.jsonl`, lines.map((l) => l.line).join('\n') + '\n');

    // Athena: the SQL the handler sends is run in DuckDB over the same lines; results in two pages.
    let rows: Row[] = [];
    athena.on(StartQueryExecutionCommand).callsFake(async (input) => {
      const id = `q-${started.length + 1}`;
      started.push(input.QueryString!);
      const result = await runInDuckDb(lines, input.QueryString!, 'lake_data_capture', 'iris_capture');
      const columns = ['feature', 'bin', 'category', 'n', 's1', 's2', 'vmin', 'vmax'];
      const cell = (v: unknown) => (v === null || v === undefined ? {} : { VarCharValue: String(v) });
      rows = [{ Data: columns.map((c) => ({ VarCharValue: c })) }, ...result.map((r) => ({ Data: columns.map((c) => cell((r as any)[c])) }))];
      return { QueryExecutionId: id };
    });
    athena.on(GetQueryExecutionCommand).callsFake(async () => {
      const state = states.length > 1 ? states.shift()! : states[0];
      return { QueryExecution: { Status: { State: state as any, ...(state === 'FAILED' ? { StateChangeReason: 'HIVE_BAD_DATA: bad row' } : {}) } } };
    });
    athena.on(GetQueryResultsCommand).callsFake(async (input) => {
      const half = Math.ceil(rows.length / 2);
      const page = input.NextToken === 'page-2' ? rows.slice(half) : rows.slice(0, half);
      return {
        ResultSet: { Rows: page, ResultSetMetadata: { ColumnInfo: ['feature', 'bin', 'category', 'n', 's1', 's2', 'vmin', 'vmax'].map((Name) => ({ Name, Type: 'varchar' })) } },
        ...(input.NextToken === 'page-2' ? {} : { NextToken: 'page-2' }),
      };
    });
  }, 120_000);

  afterAll(async () => {
    athena.restore();
    setAthenaClient(undefined);
    setClients(undefined);
    setLogSink(undefined);
    await moto?.stop();
  });

  beforeEach(() => {
    started = [];
    athena.commandCalls(GetQueryResultsCommand).length = 0;
  });

  test('above the switch point: Athena gives the Lambda path\'s records and decision, every page read', async () => {
    const viaLambda = await drift('lambda-path', false, nowMs + 120_000);
    states = ['RUNNING', 'SUCCEEDED'];
    const viaAthena = await drift('athena-path', true, nowMs + 120_000);
    expect(viaLambda.variants.champion).toMatchObject({ engine: 'lambda', records: 600, driftedFeatures: ['petal_length'] });
    expect(viaAthena.variants.champion).toMatchObject({
      engine: 'athena', status: 'DONE', athenaQueryId: 'q-1', records: 600, driftedFeatures: ['petal_length'], files: 1,
    });
    expect(started).toHaveLength(1);
    expect(started[0]).toContain('"lake_data_capture"."iris_capture"');
    expect(started[0]).toContain("variant = 'champion'");
    const calls = athena.commandCalls(GetQueryResultsCommand).filter((c) => c.args[0].input.QueryExecutionId === 'q-1');
    expect(calls.map((c) => c.args[0].input.NextToken)).toEqual([undefined, 'page-2']);
    const summary = await getJson<any>(aws.s3, bucket, `${viaAthena.variants.champion.reportPrefix}summary.json`);
    const lambdaSummary = await getJson<any>(aws.s3, bucket, `${viaLambda.variants.champion.reportPrefix}summary.json`);
    for (const f of ['sepal_length', 'petal_length', 'score']) expect(summary.features[f].counts).toEqual(lambdaSummary.features[f].counts);
    const cp = await getJson<MonitorCheckpoint>(aws.s3, bucket, checkpointKey('athena-path'));
    expect(cp!.pendingAthena).toBeUndefined();
    expect(Object.keys(cp!.sources)).toEqual(['data-capture/iris/champion/']);
  });

  test('still running at the deadline: handed over, and the next run finishes the same query', async () => {
    states = ['RUNNING'];
    const first = await drift('handover', true, nowMs + 120_000);
    expect(first.variants.champion).toMatchObject({ engine: 'athena', status: 'PENDING', athenaQueryId: 'q-1', records: 0 });
    let cp = await getJson<MonitorCheckpoint>(aws.s3, bucket, checkpointKey('handover'));
    const pending = cp!.pendingAthena!['data-capture/iris/champion/'];
    expect(pending).toMatchObject({ queryId: 'q-1', files: 1 });
    expect(cp!.sources['data-capture/iris/champion/']).toBeUndefined();

    states = ['SUCCEEDED'];
    const second = await drift('handover', true, nowMs + 900_000);
    expect(started).toHaveLength(1); // no second query
    expect(second.variants.champion).toMatchObject({ engine: 'athena', status: 'DONE', athenaQueryId: 'q-1', records: 600, driftedFeatures: ['petal_length'] });
    expect(second.variants.champion.reportPrefix).toContain(pending.end);
    cp = await getJson<MonitorCheckpoint>(aws.s3, bucket, checkpointKey('handover'));
    expect(cp!.pendingAthena).toBeUndefined();
    expect(cp!.sources['data-capture/iris/champion/']).toEqual(pending.checkpoint);
  });

  test('a failed query fails the run with Athena\'s reason; the window is queried again by the next run', async () => {
    states = ['FAILED'];
    await expect(drift('failing', true, nowMs + 120_000))
      .rejects.toThrow(/drift windows failed in Athena.*champion: Athena query q-1 of the window .* FAILED: HIVE_BAD_DATA: bad row/);
    const cp = await getJson<MonitorCheckpoint>(aws.s3, bucket, checkpointKey('failing'));
    expect(cp!.pendingAthena).toBeUndefined();
    expect(cp!.sources['data-capture/iris/champion/']).toBeUndefined();
    // The failed window keeps its own start, so the next query covers the same records.
    expect(cp!.windowStartMs!['data-capture/iris/champion/']).toBe(nowMs + 120_000 - 15 * 60_000);
    states = ['SUCCEEDED'];
    const again = await drift('failing', true, nowMs + 240_000);
    expect(started).toHaveLength(2);
    expect(again.variants.champion).toMatchObject({ status: 'DONE', athenaQueryId: 'q-2', records: 600 });
    expect((await getJson<MonitorCheckpoint>(aws.s3, bucket, checkpointKey('failing')))!.windowStartMs).toBeUndefined();
  });
});
