import { Duration, Size } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CapacitySize, NativeDeploymentConfig } from '../../lib/rollout';
import {
  InferenceComponent, InferenceComponentEndpoint, InstanceType, RoutingStrategy,
} from '../../lib/serving';
import { AWS_LIMITS } from '../../contracts/aws-limits.generated';
import { lintQueuedTemplates, nagFindings, synth } from '../helpers/validators';
import { endpointFixture } from './fixtures';

afterAll(lintQueuedTemplates);

const compute = { minMemory: Size.gibibytes(2), cpuCores: 1 };

/** One endpoint (scale to zero allowed) with two components, Data Capture on. */
function twoComponents() {
  const f = endpointFixture();
  const captureKey = new kms.Key(f.stack, 'CaptureKey', { enableKeyRotation: true });
  const captureBucket = new s3.Bucket(f.stack, 'Capture', { encryptionKey: captureKey, enforceSSL: true });
  const endpoint = new InferenceComponentEndpoint(f.stack, 'Shared', {
    instanceType: InstanceType.ML_C5_XLARGE,
    managedInstanceScaling: { minInstanceCount: 0, maxInstanceCount: 4 },
    routingStrategy: RoutingStrategy.LEAST_OUTSTANDING_REQUESTS,
    dataCapture: { bucket: captureBucket, prefix: 'capture' },
  });
  const chat = endpoint.addInferenceComponent('Chat', { model: f.modelA, computeResources: { minMemory: Size.gibibytes(4), maxMemory: Size.gibibytes(6), cpuCores: 2 }, copyCount: 2 });
  const ranker = endpoint.addInferenceComponent('Ranker', {
    model: f.modelB, computeResources: compute, copyCount: 4, inferenceComponentName: 'ranker',
    modelDataDownloadTimeout: Duration.minutes(10), containerStartupHealthCheckTimeout: Duration.minutes(5),
    rollingUpdate: { maximumBatchSize: CapacitySize.copyCount(1), waitInterval: Duration.minutes(5), rollbackMaximumBatchSize: CapacitySize.copyCount(2) },
  });
  return { ...f, endpoint, chat, ranker, captureBucket };
}

describe('InferenceComponentEndpoint and InferenceComponent', () => {
  test('an endpoint config with one model-less variant, an execution role, managed scaling to zero, routing and capture', () => {
    const { stack } = twoComponents();
    const t = synth(stack);
    t.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ExecutionRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SharedRole'), 'Arn'] },
      ProductionVariants: [{
        VariantName: 'AllTraffic',
        InstanceType: 'ml.c5.xlarge',
        InitialInstanceCount: 1,
        ManagedInstanceScaling: { Status: 'ENABLED', MinInstanceCount: 0, MaxInstanceCount: 4 },
        RoutingConfig: { RoutingStrategy: 'LEAST_OUTSTANDING_REQUESTS' },
      }],
      KmsKeyId: Match.anyValue(),
      DataCaptureConfig: Match.objectLike({ EnableCapture: true, DestinationS3Uri: Match.anyValue() }),
    });
    const variant = Object.values(t.findResources('AWS::SageMaker::EndpointConfig'))[0].Properties.ProductionVariants[0];
    expect(variant.ModelName).toBeUndefined();
    expect(variant.InitialVariantWeight).toBeUndefined();
    t.resourceCountIs('AWS::SageMaker::InferenceComponent', 2);
  });

  test('each component names its endpoint, variant, model, resources, startup limits and copies; the update is a copy-count rolling update rolled back by the component\'s own alarms', () => {
    const { stack, ranker } = twoComponents();
    const t = synth(stack);
    t.hasResourceProperties('AWS::SageMaker::InferenceComponent', {
      InferenceComponentName: 'ranker',
      EndpointName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SharedEndpoint|^Shared'), 'EndpointName'] },
      VariantName: 'AllTraffic',
      Specification: {
        ModelName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ModelB'), 'ModelName'] },
        ComputeResourceRequirements: { MinMemoryRequiredInMb: 2048, NumberOfCpuCoresRequired: 1 },
        StartupParameters: { ModelDataDownloadTimeoutInSeconds: 600, ContainerStartupHealthCheckTimeoutInSeconds: 300 },
      },
      RuntimeConfig: { CopyCount: 4 },
      DeploymentConfig: {
        RollingUpdatePolicy: {
          MaximumBatchSize: { Type: 'COPY_COUNT', Value: 1 },
          WaitIntervalInSeconds: 300,
          RollbackMaximumBatchSize: { Type: 'COPY_COUNT', Value: 2 },
        },
        AutoRollbackConfiguration: { Alarms: [{ AlarmName: { Ref: Match.stringLikeRegexp('RankerAlarmsErrorRate') } }, { AlarmName: { Ref: Match.stringLikeRegexp('RankerAlarmsLatencyP99') } }] },
      },
    });
    // The alarms watch the component alone (one dimension), so they are the candidate's and no one else's.
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SageMaker', MetricName: 'Invocation5XXErrors', Statistic: 'Average', Threshold: 0.05,
      Dimensions: [{ Name: 'InferenceComponentName', Value: 'ranker' }],
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ModelLatency', ExtendedStatistic: 'p99', Threshold: 1_000_000, Dimensions: [{ Name: 'InferenceComponentName', Value: 'ranker' }],
    });
    expect(ranker.alarms).toHaveLength(2);
  });

  test('a component without a name gets one made from its path that SageMaker accepts, known at synth', () => {
    const { chat } = twoComponents();
    const pattern = new RegExp(`^(?:${AWS_LIMITS['sagemaker.InferenceComponentName'].pattern})$`);
    expect(chat.inferenceComponentName).toMatch(pattern);
    expect(chat.inferenceComponentName.length).toBeLessThanOrEqual(63);
    expect(chat.inferenceComponentName).toContain('Chat');
  });

  test('Data Capture may be written by the endpoint role and by each component\'s model role, on the prefix only', () => {
    const { stack } = twoComponents();
    const t = synth(stack);
    for (const role of ['SharedRole', 'ModelARole', 'ModelBRole']) {
      const policies = Object.values(t.findResources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties.Roles).includes(role));
      const text = JSON.stringify(policies);
      expect({ role, put: text.includes('s3:PutObject') }).toEqual({ role, put: true });
      expect(text).toMatch(/\/capture\/\*/);
    }
  });

  test('cdk-nag AwsSolutions finds nothing unacknowledged in the library\'s resources', () => {
    const { stack } = twoComponents();
    // The fixture's own buckets (artifacts, captures) are the test's, without access logs: not the library's.
    const own = /at Test\/(Artifacts|Capture)\/Resource:/;
    const findings = nagFindings(stack);
    expect(findings.filter((f) => own.test(f)).length).toBeLessThanOrEqual(2);
    expect(findings.filter((f) => !own.test(f))).toEqual([]);
  });

  test('grantInvoke allows InvokeEndpoint naming the endpoint and the component', () => {
    const { stack, ranker } = twoComponents();
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    ranker.grantInvoke(role);
    const policy = Object.values(synth(stack).findResources('AWS::IAM::Policy')).find((p) => JSON.stringify(p.Properties.Roles).includes('Caller'))!;
    const st = policy.Properties.PolicyDocument.Statement[0];
    expect(st.Action).toEqual(['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointWithResponseStream']);
    // The endpoint's Ref is its ARN; the component's ARN is its attribute.
    expect(st.Resource).toEqual([{ Ref: stack.getLogicalId(ranker.endpoint.node.defaultChild as never) },
      { 'Fn::GetAtt': [stack.getLogicalId(ranker.resource), 'InferenceComponentArn'] }]);
  });

  test('per-component metrics: invocation metrics in AWS/SageMaker, utilization in /aws/sagemaker/InferenceComponents, one dimension', () => {
    const { ranker } = twoComponents();
    const dims = { InferenceComponentName: 'ranker' };
    const cases: Array<[cloudwatch.Metric, string, string, string]> = [
      [ranker.metricInvocations(), 'AWS/SageMaker', 'Invocations', 'Sum'],
      [ranker.metric5xxErrorRate(), 'AWS/SageMaker', 'Invocation5XXErrors', 'Average'],
      [ranker.metric4xxErrorRate(), 'AWS/SageMaker', 'Invocation4XXErrors', 'Average'],
      [ranker.metricModelLatency(), 'AWS/SageMaker', 'ModelLatency', 'Average'],
      [ranker.metricOverheadLatency(), 'AWS/SageMaker', 'OverheadLatency', 'Average'],
      [ranker.metricNoCapacityInvocationFailures(), 'AWS/SageMaker', 'NoCapacityInvocationFailures', 'Sum'],
      [ranker.metricCpuUtilizationNormalized(), '/aws/sagemaker/InferenceComponents', 'CPUUtilizationNormalized', 'Average'],
      [ranker.metricMemoryUtilizationNormalized(), '/aws/sagemaker/InferenceComponents', 'MemoryUtilizationNormalized', 'Average'],
      [ranker.metricGpuUtilizationNormalized(), '/aws/sagemaker/InferenceComponents', 'GPUUtilizationNormalized', 'Average'],
      [ranker.metricGpuMemoryUtilizationNormalized(), '/aws/sagemaker/InferenceComponents', 'GPUMemoryUtilizationNormalized', 'Average'],
    ];
    for (const [m, namespace, name, statistic] of cases) {
      expect({ namespace: m.namespace, name: m.metricName, statistic: m.statistic, dims: m.dimensions, period: m.period.toSeconds() })
        .toEqual({ namespace, name, statistic, dims, period: 60 });
    }
  });

  test('imports: an endpoint and a component by name give the same metrics and grants', () => {
    const { stack } = endpointFixture();
    const endpoint = InferenceComponentEndpoint.fromInferenceComponentEndpointAttributes(stack, 'E', { endpointName: 'shared' });
    const c = InferenceComponent.fromInferenceComponentAttributes(stack, 'C', { inferenceComponentName: 'ranker', endpoint });
    expect(endpoint.variantName).toBe('AllTraffic');
    expect(endpoint.variantNames).toEqual(['AllTraffic']);
    expect(c.metricInvocations().dimensions).toEqual({ InferenceComponentName: 'ranker' });
    expect(stack.resolve(c.inferenceComponentArn)).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:us-east-1:111111111111:inference-component/ranker']] });
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    c.grantInvoke(role);
    const text = JSON.stringify(synth(stack).toJSON());
    expect(text).toMatch(/endpoint\/shared/);
    expect(text).toMatch(/inference-component\/ranker/);
  });

  test('defaultAlarms false: no alarms, and a rolling update without alarms has no rollback configuration', () => {
    const f = endpointFixture();
    const endpoint = new InferenceComponentEndpoint(f.stack, 'E');
    const c = endpoint.addInferenceComponent('C', {
      model: f.modelA, computeResources: compute, defaultAlarms: false,
      rollingUpdate: { maximumBatchSize: CapacitySize.capacityPercent(25), waitInterval: Duration.seconds(0) },
    });
    const t = synth(f.stack);
    t.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    expect(c.alarms).toEqual([]);
    const props = Object.values(t.findResources('AWS::SageMaker::InferenceComponent'))[0].Properties;
    expect(props.DeploymentConfig.AutoRollbackConfiguration).toBeUndefined();
    expect(props.DeploymentConfig.RollingUpdatePolicy.MaximumBatchSize).toEqual({ Type: 'CAPACITY_PERCENT', Value: 25 });
  });

  test('an instance type with local storage gets no storage key; an endpoint without capture has no capture config', () => {
    const f = endpointFixture();
    new InferenceComponentEndpoint(f.stack, 'E', { instanceType: InstanceType.ML_G5_XLARGE });
    const props = Object.values(synth(f.stack).findResources('AWS::SageMaker::EndpointConfig'))[0].Properties;
    expect(props.KmsKeyId).toBeUndefined();
    expect(props.DataCaptureConfig).toBeUndefined();
  });

  test('an endpoint deployment refuses copy counts, and a component update refuses instance counts', () => {
    expect(() => NativeDeploymentConfig.rollingUpdate({ maximumBatchSize: CapacitySize.copyCount(1), waitInterval: Duration.minutes(1) }))
      .toThrow(/maximumBatchSize is 1 copy\(ies\); an endpoint's deployment moves instances, not inference component copies/);
    const f = endpointFixture();
    const endpoint = new InferenceComponentEndpoint(f.stack, 'E');
    expect(() => endpoint.addInferenceComponent('C', {
      model: f.modelA, computeResources: compute,
      rollingUpdate: { maximumBatchSize: CapacitySize.instanceCount(1), waitInterval: Duration.minutes(1) },
    })).toThrow(/InferenceComponent 'Test\/E\/C': rollingUpdate\.maximumBatchSize is 'INSTANCE_COUNT'.*copyCount/);
  });

  test('a batch of more than half the copies is warned about (the API documentation asks for 5-50%)', () => {
    const f = endpointFixture();
    const endpoint = new InferenceComponentEndpoint(f.stack, 'E');
    endpoint.addInferenceComponent('C', {
      model: f.modelA, computeResources: compute, copyCount: 2,
      rollingUpdate: { maximumBatchSize: CapacitySize.copyCount(2), waitInterval: Duration.minutes(1) },
    });
    synth(f.stack);
    const warnings = Annotations.fromStack(f.stack).findWarning('*', Match.stringLikeRegexp('maximumBatchSize is 2 copy'));
    expect(warnings).toHaveLength(1);
  });
});
