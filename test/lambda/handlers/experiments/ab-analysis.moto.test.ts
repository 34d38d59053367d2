/**
 * The A/B analysis handler against moto_server: capture files and outcome files in S3, the decision published as an
 * EventBridge event (PutEvents accepted by moto; the entries are read from the client call) and as metrics, a
 * malformed outcome line counted and skipped, the running p-values kept in S3.
 */
import { GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { AB_DECISION_EVENT, AB_ENV, EXPERIMENT_NAMESPACE, experimentStateKey } from '../../../../contracts/experiments';
import { handler } from '../../../../lambda/handlers/ab-analysis';
import { getJson } from '../../../../lambda/shared/monitoring-io';
import { haveMoto } from '../../../helpers/moto';
import { useMonitorMoto } from '../../../helpers/monitor-moto';
import { captureLine } from '../monitoring/capture-fixture';

const run = haveMoto() ? describe : describe.skip;

run('ab-analysis handler (moto_server)', () => {
  const bucket = 'lake';
  const logs: string[] = [];
  const sent: PutEventsCommand[] = [];
  const world = useMonitorMoto({
    buckets: [bucket],
    logs,
    // Records every PutEvents the handler sends (and still sends it).
    wrap: (aws) => {
      const send = aws.events.send.bind(aws.events);
      (aws.events as any).send = (cmd: any, ...rest: any[]) => { if (cmd instanceof PutEventsCommand) sent.push(cmd); return send(cmd, ...rest); };
    },
    env: {
      [AB_ENV.endpointName]: 'shop',
      [AB_ENV.experimentName]: 'ranker-v2',
      [AB_ENV.variants]: JSON.stringify([{ name: 'champion', weight: 50 }, { name: 'challenger', weight: 50 }]),
      [AB_ENV.captureBucket]: bucket,
      [AB_ENV.capturePrefix]: 'data-capture',
      [AB_ENV.outcomeBucket]: bucket,
      [AB_ENV.outcomePrefix]: 'outcomes/shop/',
      [AB_ENV.stateBucket]: bucket,
      [AB_ENV.metrics]: JSON.stringify([{ name: 'conversion', kind: 'proportion', higherIsBetter: true, primary: true }]),
      [AB_ENV.minUnits]: '100',
    },
  });

  const put = (key: string, body: string) => world.aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  const t = '2026-12-01T10:00:00Z';

  test('decides from captures and outcomes, publishes event and metrics, counts a malformed line', async () => {
    // 1000 units per variant; conversions 100 (10%) vs 200 (20%): far beyond the always-valid interval.
    for (const [variant, converted] of [['champion', 100], ['challenger', 200]] as const) {
      const lines: string[] = [];
      const outcomes: string[] = [];
      for (let i = 0; i < 1000; i++) {
        const id = `${variant}-${i}`;
        lines.push(captureLine({ output: '0.5', eventId: `e-${id}`, inferenceId: id, time: t }));
        outcomes.push(JSON.stringify({ inferenceId: id, metric: 'conversion', value: i < converted ? 1 : 0 }));
      }
      await put(`data-capture/shop/${variant}/2026/12/01/10/a.jsonl`, lines.join('\n'));
      await put(`outcomes/shop/2026/12/01/${variant}.jsonl`, outcomes.join('\n'));
    }
    await put('outcomes/shop/2026/12/01/bad.jsonl', ['{"inferenceId": "champion-1", "metric": "conversion", "value": "yes"}', 'not json',
      JSON.stringify({ inferenceId: 'unknown-7', metric: 'conversion', value: 1 })].join('\n'));

    const r = await handler();
    expect(r.units).toEqual({ champion: 1000, challenger: 1000 });
    expect(r.malformedOutcomeLines).toBe(2);
    expect(r.unjoinedOutcomes).toBe(1);
    expect(r.decisions.challenger.verdict).toBe('better');
    expect(r.decisions.challenger.metrics[0].estimate).toBeCloseTo(0.1, 12);
    expect(logs.some((l) => l.includes('malformed outcome lines were skipped'))).toBe(true);

    const entry = sent[0].input.Entries![0];
    expect(entry.Source).toBe(AB_DECISION_EVENT.source);
    expect(entry.DetailType).toBe(AB_DECISION_EVENT.detailType);
    expect(JSON.parse(entry.Detail!)).toMatchObject({ endpointName: 'shop', treatment: 'challenger', verdict: 'better' });

    const stat = await world.aws.cloudwatch.send(new GetMetricStatisticsCommand({
      Namespace: EXPERIMENT_NAMESPACE, MetricName: 'AbDecision', Statistics: ['Maximum'], Period: 60,
      StartTime: new Date(Date.now() - 3600_000), EndTime: new Date(Date.now() + 3600_000),
      Dimensions: [{ Name: 'Endpoint', Value: 'shop' }, { Name: 'Experiment', Value: 'ranker-v2' }, { Name: 'Variant', Value: 'challenger' }],
    }));
    expect(stat.Datapoints?.[0]?.Maximum).toBe(1);
    const malformed = await world.aws.cloudwatch.send(new GetMetricStatisticsCommand({
      Namespace: EXPERIMENT_NAMESPACE, MetricName: 'MalformedOutcomeLines', Statistics: ['Maximum'], Period: 60,
      StartTime: new Date(Date.now() - 3600_000), EndTime: new Date(Date.now() + 3600_000),
      Dimensions: [{ Name: 'Endpoint', Value: 'shop' }, { Name: 'Experiment', Value: 'ranker-v2' }],
    }));
    expect(malformed.Datapoints?.[0]?.Maximum).toBe(2);
    const state = await getJson<any>(world.aws.s3, bucket, experimentStateKey('ranker-v2'));
    expect(state.pValues.challenger.conversion).toBeLessThan(1e-6);
  });

  test('a sample-ratio mismatch blocks the decision and says so', async () => {
    // 300 more champion units without outcomes: 1300 vs 1000 on a 50/50 split.
    const lines = Array.from({ length: 300 }, (_, i) => captureLine({ output: '0.5', eventId: `x${i}`, inferenceId: `extra-${i}`, time: t }));
    await put('data-capture/shop/champion/2026/12/01/11/b.jsonl', lines.join('\n'));
    const r = await handler();
    expect(r.decisions.challenger.verdict).toBe('blocked');
    expect(r.decisions.challenger.reason).toMatch(/sample ratio mismatch: units 1300 \/ 1000/);
    expect(JSON.parse(sent[sent.length - 1].input.Entries![0].Detail!).verdict).toBe('blocked');
  });
});
