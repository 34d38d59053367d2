/**
 * How the shadow-analysis handler pairs the production and shadow answers of one request, against moto_server S3
 * holding capture files in the documented layout: `<prefix>/<endpoint>/<variant>/yyyy/mm/dd/hh/<file>.jsonl`, one
 * folder per variant (SageMaker captures requests and responses of the production and the shadow variant: "You can
 * also optionally turn on Data Capture to log requests and responses of your production and shadow variants",
 * https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests-create.html). Keys, in order: the caller's
 * `inferenceId` (InvokeEndpoint InferenceId: "If you provide a value, it is added to the captured data",
 * SageMaker Runtime API reference), then `eventId`, then the identical input within the window. Every expected
 * count below is worked out by hand from the records listed.
 */
import { GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { EXPERIMENT_NAMESPACE, SHADOW_ENV } from '../../../../contracts/experiments';
import { handler as shadowAnalysis } from '../../../../lambda/handlers/shadow-analysis';
import { useMonitorMoto } from '../../../helpers/monitor-moto';

const BUCKET = 'capture-pairing';
const ENDPOINT = 'shop-shadow';
const hourKey = (d: Date) => d.toISOString().slice(0, 13).replace(/[-T]/g, '/');

interface Rec {
  readonly input: string;
  readonly output: string;
  readonly eventId?: string;
  readonly inferenceId?: string;
  readonly base64Output?: boolean;
  readonly time: string;
}

/** A capture line as SageMaker writes it; eventId and inferenceId only when given; the output CSV or BASE64. */
const line = (r: Rec) => JSON.stringify({
  captureData: {
    endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data: r.input, encoding: 'CSV' },
    endpointOutput: r.base64Output
      ? { observedContentType: 'application/octet-stream', mode: 'OUTPUT', data: Buffer.from(r.output).toString('base64'), encoding: 'BASE64' }
      : { observedContentType: 'text/csv', mode: 'OUTPUT', data: r.output, encoding: 'CSV' },
  },
  eventMetadata: { ...(r.eventId ? { eventId: r.eventId } : {}), ...(r.inferenceId ? { inferenceId: r.inferenceId } : {}), inferenceTime: r.time },
  eventVersion: '0',
});

describe('shadow-analysis pairing of production and shadow captures (moto_server S3)', () => {
  const now = new Date();
  const t = now.toISOString();
  const old = new Date(now.getTime() - 3 * 3600_000);
  const world = useMonitorMoto({
    buckets: [BUCKET],
    env: {
      [SHADOW_ENV.endpointName]: ENDPOINT, [SHADOW_ENV.productionVariant]: 'prod', [SHADOW_ENV.shadowVariant]: 'shadow',
      [SHADOW_ENV.captureBucket]: BUCKET, [SHADOW_ENV.capturePrefix]: 'dc', [SHADOW_ENV.problem]: 'classification',
      [SHADOW_ENV.windowSeconds]: '3600',
    },
  });

  test('inferenceId first, then eventId, then identical input; synthetic and out-of-window records left out', async () => {
    const key = (variant: string, d: Date, file: string) => `dc/${ENDPOINT}/${variant}/${hourKey(d)}/${file}.jsonl`;
    // Production: r0..r3 carry the caller's InferenceId; e4, e5 only SageMaker's eventId; x6 and x7 neither key
    // that the shadow shares; one synthetic probe record; one record three hours old (outside the 1 h window).
    await world.put(BUCKET, key('prod', now, '00-01-000-a'), [
      line({ input: '1,1', output: '1', eventId: 'p0', inferenceId: 'r0', time: t }),
      line({ input: '2,2', output: '0', eventId: 'p1', inferenceId: 'r1', time: t }),
      line({ input: '3,3', output: '1', eventId: 'p2', inferenceId: 'r2', time: t }),
      line({ input: '4,4', output: '0', eventId: 'p3', inferenceId: 'r3', time: t }),
      line({ input: '5,5', output: '1', eventId: 'e4', time: t }),
      line({ input: '6,6', output: '1', eventId: 'e5', time: t }),
      line({ input: 'x6', output: '0', eventId: 'p6', time: t }),
      line({ input: 'x7', output: '1', eventId: 'p7', time: t }),
      line({ input: '9,9', output: '0', eventId: 'p8', inferenceId: 'cdk-mlops-synthetic:probe:r1:0', time: t }),
    ].join('\n'));
    await world.put(BUCKET, key('prod', old, '00-01-000-z'), line({ input: '0,0', output: '1', eventId: 'p9', inferenceId: 'r9', time: old.toISOString() }));
    // Shadow: the same requests in another order and another file, with eventIds of its own except e4/e5; x7 was not
    // replicated (sampling below 100%); r9's copy is in the window but its production record is not; one replay record.
    await world.put(BUCKET, key('shadow', now, '00-02-000-b'), [
      line({ input: '4,4', output: '0', eventId: 's3', inferenceId: 'r3', time: t }),
      line({ input: '3,3', output: '1', eventId: 's2', inferenceId: 'r2', time: t }),
      line({ input: '2,2', output: '1', eventId: 's1', inferenceId: 'r1', time: t }),
      line({ input: '1,1', output: '1', eventId: 's0', inferenceId: 'r0', time: t }),
      line({ input: '6,6', output: '1', eventId: 'e5', time: t }),
      line({ input: '5,5', output: '0', eventId: 'e4', time: t }),
      line({ input: 'x6', output: '0', eventId: 's6', base64Output: true, time: t }),
      line({ input: '0,0', output: '1', eventId: 's9', inferenceId: 'r9', time: t }),
      line({ input: '9,9', output: '1', eventId: 's8', inferenceId: 'cdk-mlops-synthetic:replay:r1:0', time: t }),
    ].join('\n'));

    const r = await shadowAnalysis();
    // Pairs: r0..r3 by inferenceId (4), e4/e5 by eventId (2), x6 by input (1) = 7; x7 has no shadow copy; r9's shadow
    // copy has no production record in the window.
    expect(r.pairedBy).toEqual({ inferenceId: 4, eventId: 2, input: 1 });
    expect(r).toMatchObject({ paired: 7, compared: 7, unpairedProduction: 1, unpairedShadow: 1, malformedLines: 0 });
    // Classes (production -> shadow): r0 1->1, r1 0->1, r2 1->1, r3 0->0, e4 1->0, e5 1->1, x6 0->0 (BASE64 decoded):
    // 5 of 7 agree.
    expect(r.agreementRate).toBeCloseTo(5 / 7, 12);
    expect(r.flips).toEqual({ 1: { 1: 3, 0: 1 }, 0: { 1: 1, 0: 2 } });
    const stat = (name: string) => world.aws.cloudwatch.send(new GetMetricStatisticsCommand({
      Namespace: EXPERIMENT_NAMESPACE, MetricName: name, Statistics: ['Sum'], Period: 60,
      StartTime: new Date(Date.now() - 3600_000), EndTime: new Date(Date.now() + 3600_000),
      Dimensions: [{ Name: 'Endpoint', Value: ENDPOINT }, { Name: 'ShadowVariant', Value: 'shadow' }],
    }));
    expect((await stat('AgreementRate')).Datapoints?.[0]?.Sum).toBeCloseTo(5 / 7, 12);
    expect((await stat('PairedAnswers')).Datapoints?.[0]?.Sum).toBe(7);
    expect((await stat('UnpairedAnswers')).Datapoints?.[0]?.Sum).toBe(2);
  });
});
