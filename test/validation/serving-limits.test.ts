import { Size } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { battery } from './battery';
import { BuiltInAlgorithm, ContainerImage, InstanceType, Model, ModelEndpoint } from '../../lib/serving';
import { endpointFixture } from '../serving/fixtures';

const image = ContainerImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST_1_7);

function endpoint(props: (f: ReturnType<typeof endpointFixture>) => object): () => unknown {
  return () => {
    const f = endpointFixture();
    return new ModelEndpoint(f.stack, 'E', props(f) as never);
  };
}

function env(n: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`VAR_${i}`, 'x']));
}

describe('serving: invalid configurations from AWS limits are refused at synth', () => {
  battery([
    // NVMe local storage: families the old hand-written pattern missed (g7e, p5en, trn2, dl1).
    ...['ml.g7e.2xlarge', 'ml.p5en.48xlarge', 'ml.trn2.48xlarge', 'ml.dl1.24xlarge'].map((t) => ({
      cls: 'nvme-kms', name: `encryptionKey with ${t}`,
      run: endpoint((f) => ({
        variants: [{ variantName: 'a', model: f.modelA, instanceType: InstanceType.of(t) }],
        encryptionKey: new kms.Key(f.stack, 'K'),
      })),
      prop: /encryptionKey/, value: new RegExp(t.replace(/\./g, '\\.')), fix: /remove encryptionKey/,
    })),
    {
      cls: 'content-types', name: 'a wildcard content type', run: endpoint((f) => ({
        variants: [{ variantName: 'a', model: f.modelA }], dataCapture: { bucket: f.bucket, csvContentTypes: ['text/*'] },
      })), prop: /dataCapture\.csvContentTypes\[0\]/, value: /'text\/\*'/, fix: /no wildcards.*'text\/csv'/,
    },
    {
      cls: 'content-types', name: 'a +json suffix', run: endpoint((f) => ({
        variants: [{ variantName: 'a', model: f.modelA }], dataCapture: { bucket: f.bucket, jsonContentTypes: ['application/vnd.api+json'] },
      })), prop: /dataCapture\.jsonContentTypes\[0\]/, value: /application\/vnd\.api\+json/, fix: /'\+'.*application\/json/,
    },
    {
      cls: 'content-types', name: '11 content types', run: endpoint((f) => ({
        variants: [{ variantName: 'a', model: f.modelA }],
        dataCapture: { bucket: f.bucket, csvContentTypes: Array.from({ length: 11 }, (_, i) => `text/csv${i}`) },
      })), prop: /dataCapture\.csvContentTypes/, value: /11 content types/, fix: /1 to 10 content types/,
    },
    {
      cls: 'sampling', name: 'a fractional sampling percentage', run: endpoint((f) => ({
        variants: [{ variantName: 'a', model: f.modelA }], dataCapture: { bucket: f.bucket, samplingPercentage: 12.5 },
      })), prop: /dataCapture\.samplingPercentage/, value: /12\.5/, fix: /whole (number|percentage)/,
    },
    {
      cls: 'environment', name: '101 environment variables',
      run: () => new Model(endpointFixture().stack, 'M', { image, environment: env(101) }),
      prop: /environment/, value: /101 environment variables/, fix: /0 to 100 environment variables/,
    },
    {
      cls: 'environment', name: 'a value over 1024 characters',
      run: () => new Model(endpointFixture().stack, 'M', { image, environment: { BIG: 'x'.repeat(1025) } }),
      prop: /environment variable 'BIG'/, value: /1025 characters/, fix: /at most 1024/,
    },
    {
      cls: 'environment', name: 'a key over 1024 characters',
      run: () => new Model(endpointFixture().stack, 'M', { image, environment: { ['K'.repeat(1025)]: '1' } }),
      prop: /environment/, value: /KKKK/, fix: /1024/,
    },
    {
      cls: 'instance-type', name: 'a misspelt hosting instance type', run: endpoint((f) => ({
        variants: [{ variantName: 'a', model: f.modelA, instanceType: InstanceType.of('ml.m5.largee') }],
      })), prop: /variants\[0\]\.instanceType/, value: /'ml\.m5\.largee'/, fix: /did you mean 'ml\.m5\.large'/,
    },
    {
      cls: 'instance-type', name: 'a training-only type on an endpoint', run: endpoint((f) => ({
        variants: [{ variantName: 'a', model: f.modelA, instanceType: InstanceType.of('ml.p3dn.24xlarge') }],
      })), prop: /variants\[0\]\.instanceType/, value: /ml\.p3dn\.24xlarge/, fix: /hosting does not offer/,
    },
    {
      cls: 'shadow-exclusions', name: 'a serverless production variant beside a shadow', run: endpoint((f) => ({
        variants: [{ variantName: 'a', model: f.modelA, serverless: { memorySize: Size.gibibytes(2), maxConcurrency: 5 } }],
        shadowVariant: { variantName: 's', model: f.modelB },
      })), prop: /variants\[0\]\.serverless/, value: /beside a shadow variant/, fix: /give both variants an instanceType/,
    },
    {
      cls: 'shadow-exclusions', name: 'an inf1 shadow', run: endpoint((f) => ({
        variants: [{ variantName: 'a', model: f.modelA }],
        shadowVariant: { variantName: 's', model: f.modelB, instanceType: InstanceType.of('ml.inf1.xlarge') },
      })), prop: /shadowVariant\.instanceType/, value: /ml\.inf1\.xlarge/, fix: /excludes inf1.*pick another instance family/,
    },
    {
      cls: 'fractional-capacity', name: 'a fractional autoscaling maximum', run: endpoint((f) => ({
        variants: [{ variantName: 'a', model: f.modelA, autoScaling: { minCapacity: 1, maxCapacity: 2.5, targetInvocationsPerInstance: 100 } }],
      })), prop: /variants\[0\]\.autoScaling\.maxCapacity/, value: /2\.5/, fix: /whole number/,
    },
    {
      cls: 'fractional-capacity', name: 'serverless memory of 1.5 GiB', run: endpoint((f) => ({
        variants: [{ variantName: 'a', model: f.modelA, serverless: { memorySize: Size.mebibytes(1536), maxConcurrency: 5 } }],
      })), prop: /serverless\.memorySize/, value: /1536 MiB/, fix: /1024, 2048, 3072, 4096, 5120, 6144/,
    },
    {
      cls: 'fractional-capacity', name: 'provisioned concurrency 2.5', run: endpoint((f) => ({
        variants: [{ variantName: 'a', model: f.modelA, serverless: { memorySize: Size.gibibytes(1), maxConcurrency: 5, provisionedConcurrency: 2.5 } }],
      })), prop: /provisionedConcurrency/, value: /2\.5/, fix: /whole number/,
    },
    {
      cls: 'fractional-capacity', name: 'a fractional instance count', run: endpoint((f) => ({
        variants: [{ variantName: 'a', model: f.modelA, initialInstanceCount: 1.5 }],
      })), prop: /variants\[0\]\.initialInstanceCount/, value: /1\.5/, fix: /whole number/,
    },
    {
      cls: 'reserved-s3', name: 'a capture prefix longer than DestinationS3Uri allows', run: endpoint((f) => ({
        variants: [{ variantName: 'a', model: f.modelA }], dataCapture: { bucket: f.bucket, prefix: 'p'.repeat(450) },
      })), prop: /dataCapture\.prefix/, value: /ppp/, fix: /1-443 characters/,
    },
    {
      cls: 'names', name: 'a model name with an underscore',
      run: () => new Model(endpointFixture().stack, 'M', { image, modelName: 'my_model' }),
      prop: /modelName/, value: /my_model/, fix: /letters, digits/,
    },
  ]);
});

describe('serving: what the table allows still synthesizes', () => {
  test('ml.p5en has no KMS key on its endpoint config; ml.inf2 (EBS only) gets the storage key', () => {
    const f = endpointFixture();
    new ModelEndpoint(f.stack, 'Nvme', { variants: [{ variantName: 'a', model: f.modelA, instanceType: InstanceType.of('ml.p5en.48xlarge') }] });
    new ModelEndpoint(f.stack, 'Ebs', { variants: [{ variantName: 'a', model: f.modelB, instanceType: InstanceType.ML_INF2_XLARGE }] });
    const configs = Object.values(Template.fromStack(f.stack).findResources('AWS::SageMaker::EndpointConfig'));
    const byType = (t: string) => configs.find((c) => c.Properties.ProductionVariants[0].InstanceType === t)!;
    expect(byType('ml.p5en.48xlarge').Properties.KmsKeyId).toBeUndefined();
    expect(byType('ml.inf2.xlarge').Properties.KmsKeyId).toBeDefined();
  });
});
