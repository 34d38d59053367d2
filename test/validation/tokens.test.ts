import { App, CfnParameter, Duration, Lazy, Size, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { battery, expectNoTokenLiterals, messageOf } from './battery';
import { DataLake, DataQualityGate, EtlJob, PipelineAlarms, StreamingEtlJob } from '../../lib/data';
import { DeploymentStrategy, VariantRollout } from '../../lib/rollout';
import { BuiltInAlgorithm, ContainerImage, InstanceType, Model, ModelData, ModelEndpoint } from '../../lib/serving';
import { MlPlatform } from '../../lib/platform';

function stack(): Stack {
  return new Stack(new App(), 'Tokens', { env: { account: '111122223333', region: 'eu-west-1' } });
}
const num = (s: Stack, id: string, def = 1) => new CfnParameter(s, id, { type: 'Number', default: def }).valueAsNumber;
const str = (s: Stack, id: string, def: string) => new CfnParameter(s, id, { type: 'String', default: def }).valueAsString;


function models(s: Stack) {
  const bucket = new s3.Bucket(s, 'Artifacts', { enforceSSL: true });
  const image = ContainerImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST_1_7);
  return {
    bucket,
    a: new Model(s, 'A', { image, modelData: ModelData.fromBucket(bucket, 'a.tar.gz'), modelName: str(s, 'ModelName', 'model-a'),
      environment: { THRESHOLD: Lazy.string({ produce: () => '0.5' }), MODE: str(s, 'Mode', 'fast') } }),
    b: new Model(s, 'B', { image, modelData: ModelData.fromBucket(bucket, 'b.tar.gz') }),
  };
}

describe('tokens synthesize without being judged as literals and without arithmetic', () => {
  test('endpoint: CfnParameter counts, weights, capacities, sampling, instance type, Lazy name, alarm options', () => {
    const s = stack();
    const m = models(s);
    new ModelEndpoint(s, 'E', {
      endpointName: Lazy.string({ produce: () => 'lazy-endpoint' }),
      variants: [
        { variantName: 'blue', model: m.a, instanceType: InstanceType.of(str(s, 'Type', 'ml.m5.large')), initialInstanceCount: num(s, 'Count', 2),
          initialWeight: num(s, 'WeightBlue', 90), autoScaling: { minCapacity: num(s, 'Min', 1), maxCapacity: num(s, 'Max', 4), targetInvocationsPerInstance: num(s, 'Target', 100) } },
        { variantName: 'green', model: m.b, initialWeight: num(s, 'WeightGreen', 10) },
      ],
      dataCapture: { bucket: m.bucket, samplingPercentage: num(s, 'Sampling', 50), prefix: str(s, 'Prefix', 'capture') },
      alarmOptions: { errorRateThreshold: num(s, 'Rate', 0.05), evaluationPeriods: num(s, 'Periods', 3), datapointsToAlarm: num(s, 'Points', 2) },
    });
    const t = expectNoTokenLiterals(s);
    expect(JSON.stringify(t)).toContain('{"Ref":"WeightBlue"}');
    expect(JSON.stringify(t)).toContain('{"Ref":"Rate"}');
  });

  test('endpoint: serverless memory and concurrency parameters; a shadow with a token production weight', () => {
    const s = stack();
    const m = models(s);
    new ModelEndpoint(s, 'Serverless', {
      variants: [{ variantName: 'a', model: m.a, serverless: { memorySize: Size.mebibytes(num(s, 'Memory', 2048)), maxConcurrency: num(s, 'Conc', 5), provisionedConcurrency: num(s, 'Prov', 1) } }],
    });
    new ModelEndpoint(s, 'Shadowed', {
      variants: [{ variantName: 'prod', model: m.a, initialWeight: num(s, 'ProdWeight', 1) }],
      shadowVariant: { variantName: 'shadow', model: m.b },
    });
    expectNoTokenLiterals(s);
  });

  test('data: Glue job limits, windows, freshness and gate options as parameters', () => {
    const s = stack();
    const lake = new DataLake(s, 'Lake', { databaseNamePrefix: 'shop', bucketNamePrefix: str(s, 'BucketPrefix', 'shop-lake') });
    const job = new EtlJob(s, 'Orders', {
      lake, dataset: 'orders', numberOfWorkers: num(s, 'Workers', 2), maxRetries: num(s, 'Retries', 1), timeout: Duration.minutes(num(s, 'Timeout', 60)),
      arrivalBatchSize: num(s, 'Batch', 10), arrivalBatchWindow: Duration.seconds(num(s, 'Window', 300)),
      columns: { id: 'string', amount: Lazy.string({ produce: () => 'double' }) }, keyColumns: ['id'],
    });
    new StreamingEtlJob(s, 'Clicks', {
      lake, stream: new kinesis.Stream(s, 'Stream', { encryption: kinesis.StreamEncryption.MANAGED }), dataset: 'clicks',
      windowSize: Duration.seconds(num(s, 'StreamWindow', 60)), numberOfWorkers: num(s, 'StreamWorkers', 2),
    });
    const gate = new DataQualityGate(s, 'Gate', { job, rules: 'Rules = [ RowCount > 0 ]', minScore: num(s, 'MinScore', 1),
      numberOfWorkers: num(s, 'GateWorkers', 2), evaluationTimeout: Duration.minutes(num(s, 'GateTimeout', 30)) });
    new PipelineAlarms(s, 'Alarms', { job, gate, freshness: Duration.hours(num(s, 'Freshness', 26)) });
    const t = JSON.stringify(expectNoTokenLiterals(s));
    expect(t).toContain('{"Ref":"Freshness"}');
    expect(t).toContain('{"Ref":"Timeout"}');
  });

  test('rollout and platform: a parameter error-rate threshold and a parameter e-mail', () => {
    const s = stack();
    const m = models(s);
    const e = new ModelEndpoint(s, 'E', {
      endpointName: 'tokens-endpoint',
      variants: [{ variantName: 'blue', model: m.a }, { variantName: 'green', model: m.b, initialWeight: 0 }],
    });
    new VariantRollout(s, 'R', { endpoint: e, strategy: DeploymentStrategy.CANARY_10PERCENT_5MINUTES, errorRateThreshold: num(s, 'RollbackRate', 0.05) });
    expectNoTokenLiterals(s);
    const p = stack();
    new MlPlatform(p, 'Platform', { alarmEmail: str(p, 'Email', 'ops@example.com') });
    expect(JSON.stringify(Template.fromStack(p).toJSON())).toContain('{"Ref":"Email"}');
  });
});

describe('tokens that would need arithmetic are refused with a clear message, never turned into literals', () => {
  battery([
    {
      cls: 'tokens', name: 'a token p99 latency (scaled to microseconds at synth)', run: () => {
        const s = stack();
        const m = models(s);
        return new ModelEndpoint(s, 'E', { variants: [{ variantName: 'a', model: m.a }], alarmOptions: { latencyP99Threshold: Duration.millis(num(s, 'Lat', 500)) } });
      }, prop: /alarmOptions\.latencyP99Threshold/, value: /a token Duration/, fix: /pass a concrete Duration/,
    },
    {
      cls: 'tokens', name: 'a token challenger share (champion = 100 - challenger)',
      run: () => { const s = stack(); return new MlPlatform(s, 'P', { challengerTrafficPercent: num(s, 'Share', 10) }); },
      prop: /challengerTrafficPercent/, value: /a token/, fix: /pass a number/,
    },
    {
      cls: 'tokens', name: 'a token canary percent', run: () => DeploymentStrategy.canary({ percentage: num(stack(), 'Pct', 10), interval: Duration.minutes(5) }),
      prop: /DeploymentStrategy\.canary: percentage/, value: /a token/, fix: /pass a number/,
    },
    {
      cls: 'tokens', name: 'a token shadow sampling percentage with a literal weight', run: () => {
        const s = stack();
        const m = models(s);
        return new ModelEndpoint(s, 'E', { variants: [{ variantName: 'a', model: m.a }], shadowVariant: { variantName: 's', model: m.b, samplingPercentage: num(s, 'Sh', 50) } });
      }, prop: /shadowVariant\.samplingPercentage/, value: /a token/, fix: /pass both as numbers/,
    },
    {
      cls: 'tokens', name: 'a token freshness in minutes (hourly periods cannot be derived)', run: () => {
        const s = stack();
        const job = new EtlJob(s, 'J', { lake: new DataLake(s, 'L', { databaseNamePrefix: 'x' }), dataset: 'd' });
        return new PipelineAlarms(s, 'A', { job, freshness: Duration.minutes(num(s, 'F', 60)) });
      }, prop: /freshness/, value: /a token Duration/, fix: /Duration\.hours\(parameter\.valueAsNumber\)/,
    },
  ]);

  test('the refusal happens before any template is written (no partial literal)', () => {
    expect(messageOf(() => DeploymentStrategy.linear({ percentage: num(stack(), 'Step', 10), interval: Duration.minutes(1) }))).toMatch(/percentage is 'a token'/);
  });
});
