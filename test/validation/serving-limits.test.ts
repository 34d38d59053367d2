import { Duration, Size, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import { battery, deferred, numberParam, stringParam } from './battery';
import { LakeZone } from '../../lib/data';
import { BatchInference, BatchInferenceProps, BuiltInAlgorithm, ContainerImage, InstanceType, Model, ModelEndpoint } from '../../lib/serving';
import { monitoringFixture } from '../monitoring/fixtures';
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

/** A BatchInference of the lake's features zone with the fixture's model, run after the ETL. */
function batch(props: Partial<BatchInferenceProps>): () => unknown {
  return () => {
    const f = monitoringFixture();
    return new BatchInference(f.stack, 'Nightly', {
      model: f.stack.node.findChild('ModelA') as Model, lake: f.data.lake, inputZone: LakeZone.FEATURES, inputPrefix: 'scoring/iris/', runAfter: f.data.etl, ...props,
    });
  };
}

describe('serving: BatchInference refuses what Batch Transform would', () => {
  battery([
    {
      cls: 'instance-type', name: "a hosting type Batch Transform does not offer ('ml.c5.large')", run: batch({ instanceType: InstanceType.of('ml.c5.large') }),
      prop: /BatchInference 'Test\/Nightly': instanceType/, value: /'ml\.c5\.large'/, fix: /Batch Transform does not offer this instance type.*TransformInstanceType/,
    },
    {
      cls: 'instance-type', name: 'a misspelt instance type', run: batch({ instanceType: InstanceType.of('ml.m5.xlarg') }),
      prop: /instanceType/, value: /'ml\.m5\.xlarg'/, fix: /did you mean 'ml\.m5\.xlarge'/,
    },
    {
      cls: 'fractional-capacity', name: 'an instance count of 0', run: batch({ instanceCount: 0 }),
      prop: /instanceCount/, value: /is 0\b/, fix: /whole number from 1/,
    },
    {
      cls: 'non-finite', name: 'an instance count of NaN', run: batch({ instanceCount: NaN }),
      prop: /instanceCount/, value: /NaN \(not a number\)/, fix: /whole number from 1/,
    },
    {
      cls: 's3-prefixes', name: "an input prefix with a leading '/'", run: batch({ inputPrefix: '/scoring/iris/' }),
      prop: /inputPrefix/, value: /'\/scoring\/iris\/'/, fix: /leading '\/'/,
    },
    {
      cls: 's3-prefixes', name: "an input prefix without its trailing '/'", run: batch({ inputPrefix: 'scoring/iris' }),
      prop: /inputPrefix/, value: /'scoring\/iris'/, fix: /ending with '\/'/,
    },
    {
      cls: 's3-prefixes', name: "an input prefix with '//'", run: batch({ inputPrefix: 'scoring//iris/' }),
      prop: /inputPrefix/, value: /'scoring\/\/iris\/'/, fix: /empty folder name/,
    },
    {
      cls: 'schedules', name: 'a cron minute of 60', run: batch({ runAfter: undefined, schedule: events.Schedule.cron({ minute: '60', hour: '2' }) }),
      prop: /schedule/, value: /cron\(60 2/, fix: /Minutes field '60'.*outside 0-59/,
    },
    {
      cls: 'schedules', name: 'a batch that never runs (no schedule, no runAfter)', run: batch({ runAfter: undefined }),
      prop: /schedule/, value: /undefined/, fix: /Set schedule or runAfter/,
    },
    {
      cls: 'names', name: 'an upper-case batch name', run: batch({ name: 'Nightly' }),
      prop: /BatchInference '.*': name/, value: /'Nightly'/, fix: /lowercase letters, digits and single hyphens/,
    },
    {
      cls: 'limits', name: 'a content type of 257 characters', run: batch({ contentType: `text/${'x'.repeat(252)}` }),
      prop: /contentType/, value: /'text\/xxx/, fix: /0-256 characters/,
    },
    {
      cls: 'durations', name: 'a time-out of 1.5 seconds', run: batch({ timeout: Duration.millis(1500) }),
      prop: /timeout/, value: /1 second 500 millis/, fix: /whole seconds/,
    },
  ]);

  deferred([
    {
      name: 'BatchInference instance count, type, content type and input prefix as parameters', refs: ['Count', 'Type', 'ContentType', 'Prefix'],
      run: (): Stack => {
        const f = monitoringFixture();
        new BatchInference(f.stack, 'Nightly', {
          model: f.stack.node.findChild('ModelA') as Model, lake: f.data.lake, inputZone: LakeZone.FEATURES, runAfter: f.data.etl,
          inputPrefix: stringParam(f.stack, 'Prefix', 'scoring/iris/'), instanceCount: numberParam(f.stack, 'Count', 2),
          instanceType: InstanceType.of(stringParam(f.stack, 'Type', 'ml.m5.large')), contentType: stringParam(f.stack, 'ContentType', 'text/csv'),
        });
        return f.stack;
      },
    },
  ]);
});
