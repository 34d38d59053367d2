/**
 * ComponentRollout at synth: one endpoint hosting two components, one rolled out with the copy canary (Strategy B then
 * A). Expected values come from the design (contracts/component-rollout.ts): the live component depends on the guard,
 * its rolling update is rolled back by its alarms and the verdict alarm, the controller's grants name the two
 * components' ARNs, and the plan's worst case fits the deploy budget.
 */
import { Duration, Size } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CapacitySize, ComponentRollout, DeploymentStrategy } from '../../lib/rollout';
import { InferenceComponent, InferenceComponentEndpoint, InstanceType } from '../../lib/serving';
import { lintQueuedTemplates, nagFindings, synth } from '../helpers/validators';
import { endpointFixture } from '../serving/fixtures';

afterAll(lintQueuedTemplates);

const BOUNDED = { timeout: Duration.minutes(20) };

function app(o: { waitInterval?: Duration; timeout?: Duration; capture?: boolean; rollingUpdate?: boolean } = {}) {
  const f = endpointFixture();
  const key = new kms.Key(f.stack, 'CaptureKey', { enableKeyRotation: true });
  const bucket = new s3.Bucket(f.stack, 'Capture', { encryptionKey: key, enforceSSL: true });
  const endpoint = new InferenceComponentEndpoint(f.stack, 'Shared', {
    instanceType: InstanceType.ML_C5_XLARGE, managedInstanceScaling: { minInstanceCount: 1, maxInstanceCount: 4 },
    ...(o.capture === false ? {} : { dataCapture: { bucket, prefix: 'capture' } }),
  });
  endpoint.addInferenceComponent('Chat', { model: f.modelA, computeResources: { minMemory: Size.gibibytes(4), cpuCores: 2 }, copyCount: 2 });
  const ranker: InferenceComponent = endpoint.addInferenceComponent('Ranker', {
    model: f.modelB, computeResources: { minMemory: Size.gibibytes(2), cpuCores: 1 }, copyCount: 4, inferenceComponentName: 'ranker',
    ...(o.rollingUpdate === false ? {} : { rollingUpdate: { maximumBatchSize: CapacitySize.copyCount(1), waitInterval: o.waitInterval ?? Duration.minutes(2),
      ...(o.timeout ? { maximumExecutionTimeout: o.timeout } : {}) } }),
  });
  return { ...f, endpoint, ranker };
}

const canary25 = DeploymentStrategy.canary({ percentage: 25, interval: Duration.minutes(5) });

describe('ComponentRollout (copy canary, then the guarded rolling update)', () => {
  test('the live component waits for the guard; its rolling update is rolled back by its alarms and the verdict alarm', () => {
    const { stack, ranker } = app(BOUNDED);
    const rollout = new ComponentRollout(stack, 'RankerRollout', { component: ranker, strategy: canary25 });
    const t = synth(stack);
    const [id, res] = Object.entries(t.findResources('AWS::SageMaker::InferenceComponent', { Properties: { InferenceComponentName: 'ranker' } }))[0];
    expect(res.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^RankerRolloutGuard/)]));
    const alarms = res.Properties.DeploymentConfig.AutoRollbackConfiguration.Alarms;
    // The component's two default alarms (5XX rate, p99 latency) and the verdict, which is last.
    expect(alarms).toHaveLength(3);
    expect(alarms[2]).toEqual({ AlarmName: { Ref: stack.getLogicalId(rollout.verdictAlarm.node.defaultChild as any) } });
    expect(res.Properties.DeploymentConfig.RollingUpdatePolicy).toMatchObject({ MaximumBatchSize: { Type: 'COPY_COUNT', Value: 1 } });
    expect(id).toBeDefined();
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'CdkMlops/Rollouts', MetricName: 'RolloutVerdict', Dimensions: [{ Name: 'InferenceComponentName', Value: 'ranker' }],
      Period: 10, Statistic: 'Maximum', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching',
    });
    // The other component is not guarded.
    const chat = Object.values(t.findResources('AWS::SageMaker::InferenceComponent')).find((r) => r.Properties.InferenceComponentName !== 'ranker')!;
    expect(chat.DependsOn ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(/Guard/)]));
  });

  test('the guard carries the plan (canary of 25% of 4 copies = 1 copy, judged 300 s; then the rolling update) and the candidate', () => {
    const { stack, ranker } = app(BOUNDED);
    new ComponentRollout(stack, 'RankerRollout', { component: ranker, strategy: canary25 });
    const t = synth(stack);
    const guard = Object.values(t.findResources('Custom::CdkMlopsComponentGuard'))[0].Properties;
    // The statistical gate compares the rolling update with the component's own previous hour.
    expect(guard).toMatchObject({ ComponentName: 'ranker', VariantName: 'AllTraffic', CapturePrefix: 'capture', BaselineSeconds: '3600' });
    const plan = JSON.parse(guard.Plan);
    expect(plan.shadow.durationSeconds).toBe(300);
    expect(plan.steps).toEqual([{ candidatePercent: 100, bakeSeconds: 0 }]);
    // The rolling update's own bound (maximumExecutionTimeout) is how long the step to 100% may take.
    expect(plan.shiftTimeoutSeconds).toBe(20 * 60);
    const canary = JSON.parse(guard.Canary);
    expect(canary).toEqual({ componentName: 'ranker-candidate', copies: 1,
      specification: { ComputeResourceRequirements: { MinMemoryRequiredInMb: 2048, NumberOfCpuCoresRequired: 1 } } });
    expect(guard.AlarmNames).toHaveLength(2);
  });

  test('the controller may create, read and delete only the candidate, read the live component, and publish the verdict', () => {
    const { stack, ranker } = app(BOUNDED);
    new ComponentRollout(stack, 'RankerRollout', { component: ranker, strategy: canary25 });
    const t = synth(stack);
    const arn = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:sagemaker:us-east-1:111111111111:inference-component/${name}`]] });
    const statements = Object.values(t.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
    const components = statements.filter((s) => JSON.stringify(s.Action).includes('DeleteInferenceComponent'));
    expect(components.length).toBeGreaterThan(0);
    for (const s of components) expect(s.Resource).toEqual([arn('ranker'), arn('ranker-candidate')]);
    // PutMetricData has no resource type: the verdict's statements are limited to its namespace (controller and guard).
    const verdict = statements.filter((s) => s.Action === 'cloudwatch:PutMetricData' && JSON.stringify(s.Condition).includes('CdkMlops/Rollouts'));
    // Controller, rollback Lambda (a candidate alarm ends the rollout) and guard.
    expect(verdict.map((s) => s.Condition)).toEqual([1, 2, 3].map(() => ({ StringEquals: { 'cloudwatch:namespace': 'CdkMlops/Rollouts' } })));
    expect(components).toHaveLength(3);
    t.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.componentGuardIsComplete' });
    // SageMaker reads the rolling update's alarms (the verdict among them) with the endpoint's execution role.
    const describe = statements.filter((s) => s.Action === 'cloudwatch:DescribeAlarms' && JSON.stringify(s.Resource).includes('VerdictAlarm'));
    expect(describe).toHaveLength(1);
    expect(describe[0].Resource).toHaveLength(3);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { Dimensions: [{ Name: 'InferenceComponentName', Value: 'ranker-candidate' }], MetricName: Match.anyValue() });
  });

  test('cdk-nag AwsSolutions finds nothing unacknowledged in the library\'s resources', () => {
    const { stack, ranker } = app(BOUNDED);
    new ComponentRollout(stack, 'RankerRollout', { component: ranker, strategy: canary25 });
    const own = /at Test\/(Artifacts|Capture)\/Resource:/;
    expect(nagFindings(stack).filter((f) => !own.test(f))).toEqual([]);
  });
});

describe('ComponentRollout refuses at synth, naming the construct, the prop and the fix', () => {
  test('a rolling update whose worst case exceeds the deploy budget: without a bound, 4 batches of (600 s to start + 120 s)', () => {
    const { stack, ranker } = app({ timeout: undefined });
    expect(() => new ComponentRollout(stack, 'R', { component: ranker, strategy: canary25 }))
      .toThrow(/ComponentRollout 'Test\/R': .*shift time-outs 48 minutes.*must end within.*maximumExecutionTimeout/);
  });

  test('a component without rollingUpdate, a copy canary without Data Capture, an imported component', () => {
    const a = app({ ...BOUNDED, rollingUpdate: false });
    expect(() => new ComponentRollout(a.stack, 'R', { component: a.ranker })).toThrow(/ComponentRollout 'Test\/R'.*has no rollingUpdate.*rollingUpdate: \{/);
    const b = app({ ...BOUNDED, capture: false });
    expect(() => new ComponentRollout(b.stack, 'R', { component: b.ranker })).toThrow(/no dataCapture.*copyCanary: false/);
    expect(() => new ComponentRollout(b.stack, 'R2', { component: b.ranker, copyCanary: false })).not.toThrow();
    const imported = InferenceComponent.fromInferenceComponentAttributes(a.stack, 'Imp', { inferenceComponentName: 'x', endpoint: a.endpoint });
    expect(() => new ComponentRollout(a.stack, 'R3', { component: imported })).toThrow(/is imported/);
  });
});
