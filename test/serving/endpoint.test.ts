import { Duration, Size, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CaptureMode, InstanceType, ModelEndpoint, VariantProperty } from '../../lib/serving';
import { lintQueuedTemplates, synth } from '../helpers/validators';
import { endpointFixture } from './fixtures';

afterAll(lintQueuedTemplates);

describe('ModelEndpoint', () => {
  test('two production variants in an A/B split, retained live weights, no fixed config name', () => {
    const { stack, modelA, modelB } = endpointFixture();
    new ModelEndpoint(stack, 'Endpoint', {
      variants: [
        { variantName: 'blue', model: modelA, initialWeight: 90, initialInstanceCount: 2 },
        { variantName: 'green', model: modelB, initialWeight: 10, instanceType: InstanceType.ML_C5_LARGE },
      ],
    });
    const t = synth(stack);
    t.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [
        Match.objectLike({ VariantName: 'blue', InitialVariantWeight: 90, InitialInstanceCount: 2, InstanceType: 'ml.m5.large' }),
        Match.objectLike({ VariantName: 'green', InitialVariantWeight: 10, InitialInstanceCount: 1, InstanceType: 'ml.c5.large' }),
      ],
      KmsKeyId: Match.anyValue(),
    });
    const configs = t.findResources('AWS::SageMaker::EndpointConfig');
    expect(Object.values(configs)[0].Properties.EndpointConfigName).toBeUndefined();
    t.hasResourceProperties('AWS::SageMaker::Endpoint', {
      RetainAllVariantProperties: true,
      ExcludeRetainedVariantProperties: Match.absent(),
    });
  });

  test('updatedVariantProperties lets the template win for the named properties only', () => {
    const { stack, modelA } = endpointFixture();
    new ModelEndpoint(stack, 'Endpoint', {
      variants: [{ variantName: 'a', model: modelA }],
      updatedVariantProperties: [VariantProperty.DESIRED_WEIGHT],
    });
    synth(stack).hasResourceProperties('AWS::SageMaker::Endpoint', {
      RetainAllVariantProperties: true,
      ExcludeRetainedVariantProperties: [{ VariantPropertyType: 'DesiredWeight' }],
    });
  });

  test('shadow variant samples a share of the production variant traffic', () => {
    const { stack, modelA, modelB } = endpointFixture();
    const ep = new ModelEndpoint(stack, 'Endpoint', {
      variants: [{ variantName: 'prod', model: modelA, initialWeight: 2 }],
      shadowVariant: { variantName: 'shadow', model: modelB, samplingPercentage: 25 },
    });
    // The shadow's weight relative to production is the sampled share: 2 * 25% = 0.5.
    synth(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [Match.objectLike({ VariantName: 'prod', InitialVariantWeight: 2 })],
      ShadowProductionVariants: [Match.objectLike({ VariantName: 'shadow', InitialVariantWeight: 0.5 })],
    });
    expect(ep.shadowVariantName).toBe('shadow');
    expect(ep.variantNames).toEqual(['prod']);
  });

  test('data capture of input and output with the bucket key, writable by the models', () => {
    const { stack, modelA } = endpointFixture();
    const key = new kms.Key(stack, 'CaptureKey', { enableKeyRotation: true });
    const bucket = new s3.Bucket(stack, 'Capture', { encryptionKey: key, enforceSSL: true });
    new ModelEndpoint(stack, 'Endpoint', {
      variants: [{ variantName: 'a', model: modelA }],
      dataCapture: { bucket, prefix: 'capture/ep', samplingPercentage: 30, captureMode: CaptureMode.INPUT, jsonContentTypes: ['application/jsonlines'] },
    });
    const t = synth(stack);
    t.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      DataCaptureConfig: {
        EnableCapture: true,
        InitialSamplingPercentage: 30,
        CaptureOptions: [{ CaptureMode: 'Input' }],
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('CaptureKey'), 'Arn'] },
        CaptureContentTypeHeader: { CsvContentTypes: ['text/csv'], JsonContentTypes: ['application/jsonlines'] },
        DestinationS3Uri: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('/capture/ep$')])] },
      },
    });
    // The model role may put objects under the capture prefix only.
    const policies = Object.values(t.findResources('AWS::IAM::Policy')).map((p) => JSON.stringify(p));
    expect(policies.some((p) => p.includes('s3:PutObject') && p.includes('/capture/ep/*'))).toBe(true);
  });

  test('serverless variant renders memory and concurrency, and gets no KMS key', () => {
    const { stack, modelA } = endpointFixture();
    new ModelEndpoint(stack, 'Endpoint', {
      variants: [{ variantName: 'sls', model: modelA, serverless: { memorySize: Size.gibibytes(2), maxConcurrency: 5, provisionedConcurrency: 1 } }],
    });
    const t = synth(stack);
    t.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [Match.objectLike({ ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5, ProvisionedConcurrency: 1 }, InstanceType: Match.absent() })],
      KmsKeyId: Match.absent(),
    });
  });

  test('instance types with local storage get no KMS key (SageMaker rejects one)', () => {
    const { stack, modelA } = endpointFixture();
    new ModelEndpoint(stack, 'Endpoint', { variants: [{ variantName: 'gpu', model: modelA, instanceType: InstanceType.ML_G4DN_XLARGE }] });
    synth(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', { KmsKeyId: Match.absent() });
  });

  test('autoscaling per variant on invocations per instance', () => {
    const { stack, modelA, modelB } = endpointFixture();
    const ep = new ModelEndpoint(stack, 'Endpoint', {
      variants: [
        { variantName: 'a', model: modelA, initialInstanceCount: 2, autoScaling: { minCapacity: 2, maxCapacity: 6, targetInvocationsPerInstance: 300 } },
        { variantName: 'b', model: modelB },
      ],
    });
    const t = synth(stack);
    t.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 1);
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 2, MaxCapacity: 6, ScalableDimension: 'sagemaker:variant:DesiredInstanceCount', ServiceNamespace: 'sagemaker',
      ResourceId: { 'Fn::Join': ['', ['endpoint/', { 'Fn::GetAtt': [Match.anyValue(), 'EndpointName'] }, '/variant/a']] },
    });
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        TargetValue: 300,
        PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
      }),
    });
    expect(ep.scalableTarget('a')).toBeDefined();
    expect(ep.scalableTarget('b')).toBeUndefined();
  });

  test('default alarms per variant: 5XX rate and p99 latency in microseconds, missing data not breaching', () => {
    const { stack, modelA, modelB } = endpointFixture();
    const ep = new ModelEndpoint(stack, 'Endpoint', {
      variants: [{ variantName: 'a', model: modelA }, { variantName: 'b', model: modelB }],
      alarmOptions: { latencyP99Threshold: Duration.millis(250) },
    });
    const t = synth(stack);
    t.resourceCountIs('AWS::CloudWatch::Alarm', 4);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Invocation5XXErrors', Statistic: 'Average', Threshold: 0.05, Period: 60,
      TreatMissingData: 'notBreaching', ComparisonOperator: 'GreaterThanThreshold',
      Dimensions: Match.arrayWith([{ Name: 'VariantName', Value: 'b' }]),
      AlarmActions: [{ Ref: Match.stringLikeRegexp('AlarmTopic') }],
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ModelLatency', ExtendedStatistic: 'p99', Threshold: 250000, TreatMissingData: 'notBreaching',
      Dimensions: Match.arrayWith([{ Name: 'VariantName', Value: 'a' }]),
    });
    // The topic notifying the alarms is encrypted with a key that CloudWatch may use.
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: ['cloudwatch.amazonaws.com', 'events.amazonaws.com'] } })]) },
    });
    expect(ep.alarms).toHaveLength(4);
    expect(ep.variantAlarms('a').errorRate).toBeDefined();
    expect(() => ep.variantAlarms('zzz')).toThrow(/no default alarms for variant 'zzz'/);
  });

  test('endpoints of one stack share one storage key and one alarm topic by default', () => {
    const { stack, modelA, modelB } = endpointFixture();
    const one = new ModelEndpoint(stack, 'One', { variants: [{ variantName: 'a', model: modelA }] });
    const two = new ModelEndpoint(stack, 'Two', { variants: [{ variantName: 'b', model: modelB }] });
    const t = synth(stack);
    t.resourceCountIs('AWS::SNS::Topic', 1);
    // One key for the volumes, one for the topic.
    t.resourceCountIs('AWS::KMS::Key', 2);
    expect(one.alarmTopic).toBe(two.alarmTopic);
    expect(one.encryptionKey).toBe(two.encryptionKey);
  });

  test('defaultAlarms false creates no alarm and no topic', () => {
    const { stack, modelA } = endpointFixture();
    new ModelEndpoint(stack, 'Endpoint', { variants: [{ variantName: 'a', model: modelA }], defaultAlarms: false });
    const t = synth(stack);
    t.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    t.resourceCountIs('AWS::SNS::Topic', 0);
  });

  test('grantInvoke allows invoking this endpoint only', () => {
    const { stack, modelA } = endpointFixture();
    const ep = new ModelEndpoint(stack, 'Endpoint', { variants: [{ variantName: 'a', model: modelA }], endpointName: 'iris' });
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    ep.grantInvoke(role);
    synth(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('Caller') }],
      PolicyDocument: { Statement: [Match.objectLike({
        Action: ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointAsync', 'sagemaker:InvokeEndpointWithResponseStream'],
        Resource: { Ref: Match.stringLikeRegexp('Endpoint') },
      })] },
    });
  });

  test('metrics are per variant with SageMaker dimensions and units', () => {
    const { stack, modelA } = endpointFixture();
    const ep = new ModelEndpoint(stack, 'Endpoint', { variants: [{ variantName: 'a', model: modelA }], endpointName: 'iris' });
    const stat = (m: { statistic: string }) => m.statistic;
    expect(stack.resolve(ep.findVariant('a').metricInvocations().dimensions)).toEqual({
      EndpointName: { 'Fn::GetAtt': [expect.stringMatching(/^Endpoint/), 'EndpointName'] }, VariantName: 'a',
    });
    expect(stat(ep.findVariant('a').metricInvocations())).toBe('Sum');
    expect(ep.findVariant('a').metric5xxErrorRate().metricName).toBe('Invocation5XXErrors');
    expect(stat(ep.findVariant('a').metric5xxErrorRate())).toBe('Average');
    expect(ep.findVariant('a').metric4xxErrorRate().metricName).toBe('Invocation4XXErrors');
    expect(stat(ep.findVariant('a').metricModelLatency({ statistic: 'p90' }))).toBe('p90');
    expect(ep.findVariant('a').metricOverheadLatency().metricName).toBe('OverheadLatency');
    expect(ep.findVariant('a').metricCpuUtilization().namespace).toBe('/aws/sagemaker/Endpoints');
    expect(ep.findVariant('a').metricMemoryUtilization().metricName).toBe('MemoryUtilization');
    expect(ep.findVariant('a').metricGpuUtilization().metricName).toBe('GPUUtilization');
    expect(ep.findVariant('a').metricGpuMemoryUtilization().metricName).toBe('GPUMemoryUtilization');
    expect(ep.findVariant('a').metricInvocations().period.toSeconds()).toBe(60);
  });

  test('fromEndpointAttributes imports an endpoint with metrics and grants', () => {
    const stack = new Stack(undefined, 'Imp', { env: { account: '111111111111', region: 'eu-west-1' } });
    const ep = ModelEndpoint.fromEndpointAttributes(stack, 'Imported', { endpointName: 'prod-ep', variantNames: ['a', 'b'] });
    expect(stack.resolve(ep.endpointArn)).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:eu-west-1:111111111111:endpoint/prod-ep']] });
    expect(ep.findVariant('b').metric5xxErrorRate().dimensions).toEqual({ EndpointName: 'prod-ep', VariantName: 'b' });
    expect(ep.variantNames).toEqual(['a', 'b']);
  });
});
