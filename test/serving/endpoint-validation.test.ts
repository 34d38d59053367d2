import { Duration, Size, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ContainerImage, BuiltInAlgorithm, InstanceType, Model, ModelData, ModelEndpoint, ModelEndpointProps } from '../../lib/serving';
import { endpointFixture } from './fixtures';

type Fixture = ReturnType<typeof endpointFixture>;

/**
 * Each invalid configuration must throw at synth with a message that names the prop, the bad value and the fix.
 * `expected` lists fragments the message must contain: the prop path, the bad value, and a word of the fix.
 */
const invalid: Array<[string, (f: Fixture) => ModelEndpointProps, RegExp[]]> = [
  ['no production variant', () => ({ variants: [] }), [/variants/, /is empty/, /at least one/]],
  ['11 production variants', (f) => ({ variants: Array.from({ length: 11 }, (_, i) => ({ variantName: `v${i}`, model: f.modelA })) }),
    [/variants/, /11/, /at most 10/]],
  ['duplicate variant names', (f) => ({ variants: [{ variantName: 'blue', model: f.modelA }, { variantName: 'Blue', model: f.modelB }] }),
    [/variants\[1\]\.variantName/, /'Blue'/, /distinct name/]],
  ['variant name SageMaker rejects', (f) => ({ variants: [{ variantName: 'my_variant', model: f.modelA }] }),
    [/variants\[0\]\.variantName/, /'my_variant'/, /letters, digits/]],
  ['variant name too long', (f) => ({ variants: [{ variantName: 'a'.repeat(64), model: f.modelA }] }),
    [/variantName/, /a{64}/, /1-63/]],
  ['all weights 0', (f) => ({ variants: [{ variantName: 'a', model: f.modelA, initialWeight: 0 }, { variantName: 'b', model: f.modelB, initialWeight: 0 }] }),
    [/initialWeight/, /all 0/, /above 0/]],
  ['negative weight', (f) => ({ variants: [{ variantName: 'a', model: f.modelA, initialWeight: -1 }] }),
    [/variants\[0\]\.initialWeight/, /-1/, /0 or more/]],
  ['shadow beside two production variants', (f) => ({
    variants: [{ variantName: 'a', model: f.modelA }, { variantName: 'b', model: f.modelB }],
    shadowVariant: { variantName: 's', model: f.modelB },
  }), [/shadowVariant/, /'s'.*2 production variants/, /exactly one production variant/]],
  ['shadow sampling above 100', (f) => ({
    variants: [{ variantName: 'a', model: f.modelA }], shadowVariant: { variantName: 's', model: f.modelB, samplingPercentage: 150 },
  }), [/shadowVariant\.samplingPercentage/, /150/, /at most 100/]],
  ['shadow name equal to a production name', (f) => ({
    variants: [{ variantName: 'a', model: f.modelA }], shadowVariant: { variantName: 'a', model: f.modelB },
  }), [/shadowVariant\.variantName/, /'a'/, /distinct/]],
  ['data capture sampling above 100', (f) => ({
    variants: [{ variantName: 'a', model: f.modelA }], dataCapture: { bucket: f.bucket, samplingPercentage: 101 },
  }), [/dataCapture\.samplingPercentage/, /101/, /0 to 100/]],
  ['data capture sampling negative', (f) => ({
    variants: [{ variantName: 'a', model: f.modelA }], dataCapture: { bucket: f.bucket, samplingPercentage: -5 },
  }), [/dataCapture\.samplingPercentage/, /-5/, /0 to 100/]],
  ['data capture prefix with a leading slash', (f) => ({
    variants: [{ variantName: 'a', model: f.modelA }], dataCapture: { bucket: f.bucket, prefix: '/capture' },
  }), [/dataCapture\.prefix/, /'\/capture'/, /without leading/]],
  ['data capture content type that is not a MIME type', (f) => ({
    variants: [{ variantName: 'a', model: f.modelA }], dataCapture: { bucket: f.bucket, csvContentTypes: ['csv'] },
  }), [/dataCapture\.csvContentTypes/, /'csv'/, /text\/csv/]],
  ['instance count 0', (f) => ({ variants: [{ variantName: 'a', model: f.modelA, initialInstanceCount: 0 }] }),
    [/variants\[0\]\.initialInstanceCount/, /is 0/, /at least 1/]],
  ['fractional instance count', (f) => ({ variants: [{ variantName: 'a', model: f.modelA, initialInstanceCount: 1.5 }] }),
    [/initialInstanceCount/, /1\.5/, /whole number/]],
  ['serverless memory SageMaker does not offer', (f) => ({
    variants: [{ variantName: 'a', model: f.modelA, serverless: { memorySize: Size.mebibytes(1500), maxConcurrency: 5 } }],
  }), [/serverless\.memorySize/, /1500 MiB/, /1024, 2048/]],
  ['serverless memory above 6 GiB', (f) => ({
    variants: [{ variantName: 'a', model: f.modelA, serverless: { memorySize: Size.gibibytes(8), maxConcurrency: 5 } }],
  }), [/serverless\.memorySize/, /8192 MiB/, /Size\.gibibytes\(6\)/]],
  ['serverless concurrency above 200', (f) => ({
    variants: [{ variantName: 'a', model: f.modelA, serverless: { memorySize: Size.gibibytes(1), maxConcurrency: 500 } }],
  }), [/serverless\.maxConcurrency/, /500/, /1 to 200/]],
  ['provisioned concurrency above max', (f) => ({
    variants: [{ variantName: 'a', model: f.modelA, serverless: { memorySize: Size.gibibytes(1), maxConcurrency: 2, provisionedConcurrency: 3 } }],
  }), [/provisionedConcurrency/, /is 3/, /maxConcurrency \(2\)/]],
  ['serverless with an instance type', (f) => ({
    variants: [{ variantName: 'a', model: f.modelA, instanceType: InstanceType.ML_M5_LARGE, serverless: { memorySize: Size.gibibytes(1), maxConcurrency: 1 } }],
  }), [/variants\[0\]\.instanceType/, /ml\.m5\.large/, /remove instanceType or serverless/]],
  ['autoscaling on a serverless variant', (f) => ({
    variants: [{ variantName: 'a', model: f.modelA, serverless: { memorySize: Size.gibibytes(1), maxConcurrency: 1 }, autoScaling: { minCapacity: 1, maxCapacity: 2, targetInvocationsPerInstance: 10 } }],
  }), [/variants\[0\]\.autoScaling/, /serverless/, /Remove autoScaling/]],
  ['autoscaling min above max', (f) => ({
    variants: [{ variantName: 'a', model: f.modelA, initialInstanceCount: 3, autoScaling: { minCapacity: 5, maxCapacity: 2, targetInvocationsPerInstance: 100 } }],
  }), [/variants\[0\]\.autoScaling/, /minCapacity 5 above maxCapacity 2/, /at least minCapacity/]],
  ['autoscaling min 0', (f) => ({
    variants: [{ variantName: 'a', model: f.modelA, autoScaling: { minCapacity: 0, maxCapacity: 2, targetInvocationsPerInstance: 100 } }],
  }), [/autoScaling\.minCapacity/, /is 0/, /at least 1/]],
  ['autoscaling target not positive', (f) => ({
    variants: [{ variantName: 'a', model: f.modelA, autoScaling: { minCapacity: 1, maxCapacity: 2, targetInvocationsPerInstance: 0 } }],
  }), [/targetInvocationsPerInstance/, /is 0/, /positive/]],
  ['initial count outside the autoscaling range', (f) => ({
    variants: [{ variantName: 'a', model: f.modelA, initialInstanceCount: 1, autoScaling: { minCapacity: 2, maxCapacity: 4, targetInvocationsPerInstance: 100 } }],
  }), [/initialInstanceCount/, /is 1, outside/, /within the autoscaling range/]],
  ['endpoint name SageMaker rejects', (f) => ({ endpointName: 'iris endpoint', variants: [{ variantName: 'a', model: f.modelA }] }),
    [/endpointName/, /'iris endpoint'/, /letters, digits/]],
  ['KMS key on an instance type with instance storage', (f) => ({
    encryptionKey: new kms.Key(f.stack, 'K'), variants: [{ variantName: 'a', model: f.modelA, instanceType: InstanceType.of('ml.m5d.large') }],
  }), [/encryptionKey/, /ml\.m5d\.large/, /remove encryptionKey/]],
  ['error-rate threshold given as a percentage', (f) => ({
    variants: [{ variantName: 'a', model: f.modelA }], alarmOptions: { errorRateThreshold: 5 },
  }), [/alarmOptions\.errorRateThreshold/, /is 5/, /0\.05 for 5%/]],
  ['datapointsToAlarm above evaluationPeriods', (f) => ({
    variants: [{ variantName: 'a', model: f.modelA }], alarmOptions: { evaluationPeriods: 2, datapointsToAlarm: 3 },
  }), [/alarmOptions\.datapointsToAlarm/, /is 3/, /1 to evaluationPeriods \(2\)/]],
  ['zero latency threshold', (f) => ({
    variants: [{ variantName: 'a', model: f.modelA }], alarmOptions: { latencyP99Threshold: Duration.millis(0) },
  }), [/alarmOptions\.latencyP99Threshold/, /0 millis/, /positive Duration/]],
  ['alarm options while default alarms are off', (f) => ({
    variants: [{ variantName: 'a', model: f.modelA }], defaultAlarms: false, alarmOptions: { errorRateThreshold: 0.1 },
  }), [/alarmOptions/, /defaultAlarms is false/, /set defaultAlarms to true/]],
];

describe('ModelEndpoint rejects invalid configurations at synth', () => {
  test.each(invalid)('%s', (_name, props, expected) => {
    const f = endpointFixture();
    let message = '';
    try {
      new ModelEndpoint(f.stack, 'Endpoint', props(f));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).not.toBe('');
    for (const fragment of expected) expect(message).toMatch(fragment);
  });

  test('there are at least 15 distinct invalid configurations', () => {
    expect(new Set(invalid.map(([name]) => name)).size).toBeGreaterThanOrEqual(15);
  });
});

describe('Model and images reject invalid input', () => {
  const image = ContainerImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST_1_7);
  test('model name SageMaker rejects', () => {
    const f = endpointFixture();
    expect(() => new Model(f.stack, 'M', { image, modelName: 'bad_name' })).toThrow(/modelName 'bad_name'.*1-63 letters/);
  });
  test('environment variable name with a dash', () => {
    const f = endpointFixture();
    expect(() => new Model(f.stack, 'M', { image, environment: { 'MY-VAR': '1' } })).toThrow(/environment variable name 'MY-VAR'.*underscores/);
  });
  test('security groups without a VPC', () => {
    const f = endpointFixture();
    expect(() => new Model(f.stack, 'M', { image, securityGroups: [] })).toThrow(/securityGroups is set without a vpc/);
  });
  test('model data key with a leading slash', () => {
    const f = endpointFixture();
    expect(() => ModelData.fromBucket(s3.Bucket.fromBucketName(f.stack, 'B', 'models-bucket'), '/m.tar.gz')).toThrow(/objectKey '\/m.tar.gz'.*without a leading/);
  });
  test('an instance type that is not ml.*', () => {
    expect(() => InstanceType.of('m5.large')).toThrow(/'m5.large' is not a SageMaker hosting instance type.*ml\.m5\.large/);
  });
  test('built-in algorithm in a region without a known registry', () => {
    const stack = new Stack(undefined, 'Nowhere', { env: { region: 'xx-nowhere-1' } });
    expect(() => new Model(stack, 'M2', { image })).toThrow(/no known registry in region 'xx-nowhere-1'.*fromEcrRepository/);
  });
});
