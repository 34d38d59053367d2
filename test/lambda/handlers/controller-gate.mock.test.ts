/**
 * Controller step with the plan's statistical gate: it reads both variants' 1-minute AWS/SageMaker datapoints since the
 * candidate was first ordered traffic (one GetMetricData request, complete minutes only) and rolls back a candidate the
 * sequential test finds worse. Missing datapoints, a minute still being published, throttling and failed queries never
 * roll back: the gate waits for the next check.
 */
import {
  DescribeAlarmsCommand, GetMetricDataCommand, GetMetricDataCommandInput, GetMetricStatisticsCommand, MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { UpdateEndpointWeightsAndCapacitiesCommand } from '@aws-sdk/client-sagemaker';
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { canary, comparisonWindow, weightsFor } from '../../../lambda/core/rollout';
import { handler as controller } from '../../../lambda/handlers/rollout-controller';
import { comparisonQueryId } from '../../../lambda/handlers/rollout-controller/comparison';
import { awsError, liveEndpoint, mockAll, record, THROTTLED } from './mock-world';
import { captureLogs, CapturedLogs, fastTiming } from './support';

/** One variant-minute as CloudWatch would publish it; a field left out has no datapoint. */
interface Minute { inv?: number; err?: number; latMs?: number }
type Series = (minute: number) => Minute | undefined;

const gate = { alpha: 0.05, max5xxIncrease: 0, minRequests: 200 };
const step = { action: 'step' as const, endpointName: 'ep', rolloutId: 'r1' };

/** GetMetricData results for the gate's queries over [StartTime, EndTime) (as CloudWatch answers), plus `extra`. */
function answer(input: GetMetricDataCommandInput, stable: Series, candidate: Series, extra: Minute & { minute?: number } = {},
  period = 60): MetricDataResult[] {
  const start = input.StartTime!.getTime() / 1000;
  const end = input.EndTime!.getTime() / 1000;
  const minutes: number[] = [];
  for (let m = start; m < end; m += period) minutes.push(m);
  if (extra.minute !== undefined) minutes.push(extra.minute);
  const results: MetricDataResult[] = [];
  for (const [side, series] of [['stable', stable], ['candidate', candidate]] as const) {
    const at = (m: number) => (m === extra.minute && side === 'candidate' ? extra : series(m));
    const out = (key: 'inv' | 'err' | 'lat' | 'cnt', value: (p: Minute) => number | undefined) => {
      const points = minutes.map((m) => [m, at(m)] as const).filter(([, p]) => p !== undefined && value(p) !== undefined);
      results.push({ Id: comparisonQueryId(side, key), StatusCode: 'Complete', Timestamps: points.map(([m]) => new Date(m * 1000)),
        Values: points.map(([, p]) => value(p!)!) });
    };
    out('inv', (p) => p.inv);
    out('err', (p) => p.err);
    out('lat', (p) => (p.latMs === undefined ? undefined : p.latMs * 1000));
    out('cnt', (p) => (p.latMs === undefined ? undefined : p.inv));
  }
  return results;
}

const steady = (inv: number, err: number, latMs = 40): Series => () => ({ inv, err, latMs });

describe('rollout-controller step with the statistical gate', () => {
  const aws = mockAll();
  let logs: CapturedLogs;
  let now: number;
  let gateReads: GetMetricDataCommandInput[];

  const realNow = Date.now.bind(Date);
  let offsetMs = 0;
  /** The clock put 40 s into a minute, so a test's few hundred milliseconds never cross a minute boundary. */
  const midMinute = () => {
    offsetMs = 0;
    const t = realNow();
    offsetMs = 40000 - (t % 60000);
    now = Math.floor((t + offsetMs) / 1000);
  };
  /** Complete minutes since the first shift, `minutesOfTraffic` ago (at 40 s into a minute: that many - 1). */
  const completeMinutes = (minutesOfTraffic: number) => {
    const w = comparisonWindow(now - minutesOfTraffic * 60, now);
    return (w.end - w.start) / 60;
  };

  const bake = (statisticalGate: object = gate, minutesOfTraffic = 20) => {
    midMinute();
    const plan = canary(10, 3600, { probe: false, minInvocationsPerStep: 0, statisticalGate: statisticalGate as typeof gate });
    aws.dynamo.on(GetCommand).resolves({ Item: record(plan, { phase: 'BAKING', stepIndex: 0, weights: weightsFor(10),
      phaseStartedAt: now - 30, trafficSince: now - minutesOfTraffic * 60 }) });
  };
  /** The gate's reads answer from these series; other GetMetricData calls (the metric guard) get nothing. */
  const metrics = (stable: Series, candidate: Series, extra?: Minute & { minute?: number }) => {
    aws.cloudwatch.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => {
      if (!input.MetricDataQueries?.[0].Id?.startsWith('gate_')) return { MetricDataResults: [] };
      gateReads.push(input);
      return { MetricDataResults: answer(input, stable, candidate, extra) };
    });
  };

  beforeAll(() => {
    fastTiming();
    jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offsetMs);
  });
  beforeEach(() => {
    aws.reset();
    logs = captureLogs();
    gateReads = [];
    aws.dynamo.on(UpdateCommand).resolves({});
    aws.cloudwatch.on(DescribeAlarmsCommand).resolves({ CompositeAlarms: [{ AlarmName: 'cand-5xx', StateValue: 'OK' }] });
    aws.cloudwatch.on(GetMetricStatisticsCommand).resolves({ Datapoints: [{ Sum: 50 }] });
    liveEndpoint(aws, 90, 10);
    aws.events.on(PutEventsCommand).resolves({ FailedEntryCount: 0 });
    aws.sns.on(PublishCommand).resolves({});
  });
  afterAll(() => {
    aws.restore();
    jest.restoreAllMocks();
  });

  const savedState = () => aws.dynamo.commandCalls(UpdateCommand)[0]?.args[0].input.ExpressionAttributeValues?.[':state'];

  it('reads both variants since the first shift up to the newest complete minute, and rolls back a worse candidate', async () => {
    bake();
    // 19 complete minutes: stable 900 requests / 1 error a minute (0.11%), candidate 100 / 5 (5%).
    metrics(steady(900, 1), steady(100, 5));
    const r = await controller(step);
    expect(r).toMatchObject({ kind: 'ROLLED_BACK', phase: 'ROLLED_BACK' });
    expect(r.reason).toMatch(/statistical gate during step 1\/2 .*candidate worse than stable: 5xx harm/);
    expect(savedState()).toMatchObject({ phase: 'ROLLED_BACK', cause: 'STATISTICAL_GATE' });
    expect(aws.sagemaker.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)).toHaveLength(1);

    expect(gateReads).toHaveLength(1);
    const input = gateReads[0];
    // From the minute of the first shift; to the end of the newest minute that ended at least 90 s ago.
    expect(input.StartTime!.getTime() / 1000).toBe(Math.floor((now - 1200) / 60) * 60);
    expect(input.EndTime!.getTime() / 1000).toBe(Math.floor((now - 90) / 60) * 60);
    expect(input.MetricDataQueries).toHaveLength(8);
    expect(input.MetricDataQueries!.map((q) => `${q.Id} ${q.MetricStat!.Metric!.MetricName} ${q.MetricStat!.Stat} ${q.MetricStat!.Period} ` +
      q.MetricStat!.Metric!.Dimensions!.map((d) => `${d.Name}=${d.Value}`).join(','))).toEqual([
      'gate_s_inv Invocations Sum 60 EndpointName=ep,VariantName=stable',
      'gate_s_err Invocation5XXErrors Sum 60 EndpointName=ep,VariantName=stable',
      'gate_s_lat ModelLatency Average 60 EndpointName=ep,VariantName=stable',
      'gate_s_cnt ModelLatency SampleCount 60 EndpointName=ep,VariantName=stable',
      'gate_c_inv Invocations Sum 60 EndpointName=ep,VariantName=candidate',
      'gate_c_err Invocation5XXErrors Sum 60 EndpointName=ep,VariantName=candidate',
      'gate_c_lat ModelLatency Average 60 EndpointName=ep,VariantName=candidate',
      'gate_c_cnt ModelLatency SampleCount 60 EndpointName=ep,VariantName=candidate',
    ]);
  });

  it('on 10 s data, without a statisticalGate: reads 10 s periods up to the newest settled one, and the count test rolls back', async () => {
    midMinute();
    const plan = { ...canary(10, 3600, { probe: false, minInvocationsPerStep: 0 }), metricsPeriodSeconds: 10 };
    aws.dynamo.on(GetCommand).resolves({ Item: record(plan, { phase: 'BAKING', stepIndex: 0, weights: weightsFor(10),
      phaseStartedAt: now - 30, trafficSince: now - 120 }) });
    // Every 10 s: stable 180 requests without an error, the candidate 20 with 3 (15%).
    aws.cloudwatch.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => {
      if (!input.MetricDataQueries?.[0].Id?.startsWith('gate_')) return { MetricDataResults: [] };
      gateReads.push(input);
      return { MetricDataResults: answer(input, steady(180, 0), steady(20, 3), {}, 10) };
    });
    const r = await controller(step);
    expect(r).toMatchObject({ kind: 'ROLLED_BACK', phase: 'ROLLED_BACK' });
    expect(r.reason).toMatch(/statistical gate during step 1\/2 .*count test on 10 s datapoints: candidate 5XX rate above the stable rate/);
    expect(savedState()).toMatchObject({ cause: 'STATISTICAL_GATE' });
    expect(gateReads).toHaveLength(1);
    // From the 10 s period of the first shift; to the end of the newest period that ended at least 15 s ago.
    expect(gateReads[0].StartTime!.getTime() / 1000).toBe(Math.floor((now - 120) / 10) * 10);
    expect(gateReads[0].EndTime!.getTime() / 1000).toBe(Math.floor((now - 15) / 10) * 10);
    expect(gateReads[0].MetricDataQueries!.map((q) => q.MetricStat!.Period)).toEqual(Array(8).fill(10));
    // The step's invocations are counted from the 10 s period in which the step began, not from its minute.
    const invocations = aws.cloudwatch.commandCalls(GetMetricStatisticsCommand).map((c) => c.args[0].input);
    expect(invocations.map((i) => [i.Period, i.StartTime!.getTime() / 1000])).toEqual([[10, Math.floor((now - 30) / 10) * 10]]);
  });

  it('reads that stay throttled slow the check down: a WAIT of one to two intervals, nothing judged or moved', async () => {
    bake();
    metrics(steady(900, 1), steady(100, 5));
    aws.cloudwatch.on(DescribeAlarmsCommand).rejects(THROTTLED());
    const r = await controller(step);
    expect(r).toMatchObject({ kind: 'WAIT', phase: 'BAKING' });
    expect(r.waitSeconds).toBeGreaterThanOrEqual(10);
    expect(r.waitSeconds).toBeLessThanOrEqual(20);
    expect(r.reason).toMatch(/^reads throttled \(1 check in a row\); nothing judged, traffic unchanged, next check in \d+ s$/);
    // The only write: the count of throttled checks in a row, no state.
    const writes = aws.dynamo.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({ UpdateExpression: 'SET #throttled = :count', ExpressionAttributeValues: { ':count': 1 } });
    expect(aws.sagemaker.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)).toHaveLength(0);
    expect(logs.find('reads throttled; the check waits')).toHaveLength(1);
  });

  it('backs off further after throttled checks in a row (the count is in the record), and a check that reads resets it', async () => {
    bake();
    const plan = canary(10, 3600, { probe: false, minInvocationsPerStep: 0, statisticalGate: gate });
    const baking = { phase: 'BAKING' as const, stepIndex: 0, weights: weightsFor(10), phaseStartedAt: now - 30, trafficSince: now - 1200 };
    aws.dynamo.on(GetCommand).resolves({ Item: record(plan, baking, { throttledChecks: 3 }) });
    metrics(steady(900, 1), steady(100, 0));
    aws.cloudwatch.on(DescribeAlarmsCommand).rejects(THROTTLED());
    // The jitter's draw at its top: the fourth throttled check in a row waits min(10 x 2^4, 120) s; before the count
    // was kept, every throttled check waited as the first, at most 2 x 10 s.
    const random = jest.spyOn(Math, 'random').mockReturnValue(0.999);
    let r;
    try {
      r = await controller(step);
    } finally {
      random.mockRestore();
    }
    expect(r.reason).toMatch(/^reads throttled \(4 checks in a row\)/);
    expect(r.waitSeconds).toBe(120);
    expect(aws.dynamo.commandCalls(UpdateCommand).map((c) => c.args[0].input.ExpressionAttributeValues?.[':count'])).toEqual([4]);

    aws.dynamo.resetHistory();
    aws.cloudwatch.on(DescribeAlarmsCommand).resolves({ CompositeAlarms: [{ AlarmName: 'cand-5xx', StateValue: 'OK' }] });
    const next = await controller(step);
    expect(next).toMatchObject({ kind: 'WAIT', phase: 'BAKING' });
    expect(next.reason).not.toMatch(/throttled/);
    expect(aws.dynamo.commandCalls(UpdateCommand).map((c) => c.args[0].input.UpdateExpression)).toContain('REMOVE #throttled');
  });

  it('keeps baking a candidate as good as stable, and logs what it compared', async () => {
    bake();
    metrics(steady(900, 1), steady(100, 0));
    const r = await controller(step);
    expect(r).toMatchObject({ kind: 'WAIT', phase: 'BAKING' });
    const m = completeMinutes(20);
    expect(m).toBe(19);
    expect(logs.find('decision')[0].comparison).toMatchObject({ stable: { requests: m * 900, errors: m }, candidate: { requests: m * 100, errors: 0 } });
  });

  it('does not judge a minute still being published (SageMaker is a minute late), even when CloudWatch returns it', async () => {
    bake(gate, 4);
    // Three complete minutes of a healthy candidate (300 requests), then the minute that ended 40 s ago, partial and
    // all errors: read within the settle time it must not count.
    const latest = Math.floor(now / 60) * 60 - 60;
    expect(completeMinutes(4)).toBe(3);
    metrics(steady(900, 1), steady(100, 0), { minute: latest, inv: 100, err: 100, latMs: 40 });
    const r = await controller(step);
    expect(r).toMatchObject({ kind: 'WAIT', phase: 'BAKING' });
    expect(logs.find('decision')[0].comparison).toMatchObject({ candidate: { errors: 0 } });
  });

  it('missing datapoints: minutes without requests count nothing, a minute without its 5XX datapoint is left out', async () => {
    bake();
    // The candidate served only every third minute, and one of those minutes has no Invocation5XXErrors yet.
    const served = (m: number) => Math.floor(m / 60) % 3 === 0;
    const firstServed = (() => { let m = Math.floor((now - 1200) / 60) * 60; while (!served(m)) m += 60; return m; })();
    metrics(steady(900, 1), (m) => (!served(m) ? undefined : m === firstServed ? { inv: 100, latMs: 40 } : { inv: 100, err: 0, latMs: 40 }));
    const r = await controller(step);
    expect(r).toMatchObject({ kind: 'WAIT', phase: 'BAKING' });
    const c = logs.find('decision')[0].comparison as { candidate: { requests: number } };
    const servedMinutes = Array.from({ length: completeMinutes(20) }, (_, i) => Math.floor((now - 1200) / 60) * 60 + 60 * i).filter(served).length;
    expect(c.candidate.requests).toBe(100 * (servedMinutes - 1));
  });

  it('merges a result CloudWatch split over pages (NextToken)', async () => {
    bake();
    let page = 0;
    aws.cloudwatch.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => {
      if (!input.MetricDataQueries?.[0].Id?.startsWith('gate_')) return { MetricDataResults: [] };
      gateReads.push(input);
      const all = answer(input, steady(900, 1), steady(100, 5));
      // Page 1: the first half of every series; page 2: the rest.
      const half = (r: MetricDataResult, first: boolean) => {
        const k = Math.floor(r.Timestamps!.length / 2);
        return { ...r, Timestamps: first ? r.Timestamps!.slice(0, k) : r.Timestamps!.slice(k), Values: first ? r.Values!.slice(0, k) : r.Values!.slice(k) };
      };
      page++;
      return page === 1 ? { MetricDataResults: all.map((r) => half(r, true)), NextToken: 't2' } : { MetricDataResults: all.map((r) => half(r, false)) };
    });
    const r = await controller(step);
    expect(r).toMatchObject({ kind: 'ROLLED_BACK' });
    expect(gateReads.map((i) => i.NextToken)).toEqual([undefined, 't2']);
  });

  it('retries a throttled read and judges; a read that stays throttled waits without rolling back', async () => {
    bake();
    let calls = 0;
    aws.cloudwatch.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => {
      if (!input.MetricDataQueries?.[0].Id?.startsWith('gate_')) return { MetricDataResults: [] };
      if (++calls <= 2) throw THROTTLED();
      return { MetricDataResults: answer(input, steady(900, 1), steady(100, 5)) };
    });
    expect(await controller(step)).toMatchObject({ kind: 'ROLLED_BACK' });
    expect(calls).toBe(3);

    aws.reset();
    logs = captureLogs();
    aws.dynamo.on(UpdateCommand).resolves({});
    aws.cloudwatch.on(DescribeAlarmsCommand).resolves({ CompositeAlarms: [{ AlarmName: 'cand-5xx', StateValue: 'OK' }] });
    aws.cloudwatch.on(GetMetricStatisticsCommand).resolves({ Datapoints: [] });
    liveEndpoint(aws, 90, 10);
    bake();
    aws.cloudwatch.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => {
      if (!input.MetricDataQueries?.[0].Id?.startsWith('gate_')) return { MetricDataResults: [] };
      offsetMs += 3000; // the retry budget (10 s) runs out after a few attempts, without waiting for it
      throw THROTTLED();
    });
    const r = await controller(step);
    expect(r).toMatchObject({ kind: 'WAIT', phase: 'BAKING' });
    expect(aws.sagemaker.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)).toHaveLength(0);
    expect(logs.find('variant metrics unavailable')[0].error).toMatch(/Rate exceeded/);
  });

  it('a query CloudWatch could not answer (Forbidden, InternalError) gives no comparison, not a partial one', async () => {
    bake();
    aws.cloudwatch.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => {
      if (!input.MetricDataQueries?.[0].Id?.startsWith('gate_')) return { MetricDataResults: [] };
      const all = answer(input, steady(900, 1), steady(100, 5));
      return { MetricDataResults: all.map((r) => (r.Id === 'gate_s_err'
        ? { Id: r.Id, StatusCode: 'Forbidden', Messages: [{ Code: 'Forbidden', Value: 'not authorized' }] } : r)) };
    });
    const r = await controller(step);
    expect(r).toMatchObject({ kind: 'WAIT', phase: 'BAKING' });
    expect(logs.find('could not return every metric')[0].queries).toEqual(['gate_s_err: Forbidden not authorized']);
    expect(logs.find('decision')[0].comparison).toBeUndefined();
  });

  it('compares mean latency when the plan asks: a candidate 10 ms slower for 19 minutes is rolled back on latency', async () => {
    bake({ ...gate, maxLatencyIncreaseMs: 2 });
    // Minute averages scatter by +-2 ms around 40 (stable) and 50 (candidate); errors equal.
    const wobble = (base: number): Series => (m) => ({ inv: base === 40 ? 900 : 100, err: 0, latMs: base + ((m / 60) % 3) - 1 });
    metrics(wobble(40), wobble(50));
    const r = await controller(step);
    expect(r).toMatchObject({ kind: 'ROLLED_BACK' });
    expect(r.reason).toMatch(/latency harm 10\.0 .*over 19 complete minutes/);
  });

  it('reads nothing for a plan without a gate, nor before the candidate was ordered traffic', async () => {
    midMinute();
    metrics(steady(900, 1), steady(100, 50));
    aws.dynamo.on(GetCommand).resolves({ Item: record(canary(10, 3600, { probe: false, minInvocationsPerStep: 0 }), {
      phase: 'BAKING', stepIndex: 0, weights: weightsFor(10), phaseStartedAt: now - 30, trafficSince: now - 1200 }) });
    expect(await controller(step)).toMatchObject({ kind: 'WAIT' });
    aws.dynamo.on(GetCommand).resolves({ Item: record(canary(10, 3600, { probe: false, statisticalGate: gate }), {
      phase: 'PRE_TRAFFIC_HOOK', phaseStartedAt: now - 30 }) });
    await controller(step);
    expect(gateReads).toHaveLength(0);
  });

  it('names the failing call in the warning when CloudWatch is down (5XX after retries)', async () => {
    bake();
    aws.cloudwatch.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => {
      if (!input.MetricDataQueries?.[0].Id?.startsWith('gate_')) return { MetricDataResults: [] };
      offsetMs += 3000;
      throw awsError('InternalFailure', 'CloudWatch is unavailable', 500);
    });
    expect(await controller(step)).toMatchObject({ kind: 'WAIT' });
    expect(logs.find('variant metrics unavailable')[0].error).toMatch(/CloudWatch is unavailable/);
  });
});
