import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { AB_ENV, ALLOCATOR_ENV, EXPERIMENT_NAMESPACE, SHADOW_ENV } from '../../contracts/experiments';
import { LakeZone } from '../../lib/data/lake-zone';
import {
  AbTestAnalysis, AbTestMethod, AdaptiveAllocation, MultiplicityCorrection, OutcomeKind, ShadowAnalysis, ShadowProblem,
} from '../../lib/experiments';
import { DeploymentStrategy, VariantRollout } from '../../lib/rollout';
import { lintQueuedTemplates, nagFindings, synth } from '../helpers/validators';
import { monitoringFixture } from '../monitoring/fixtures';

afterAll(lintQueuedTemplates);

describe('AbTestAnalysis', () => {
  test('a scheduled analysis with its metrics, decision rule, least-privilege grants; cfn-lint and cdk-nag clean', () => {
    const { stack, data, endpoint } = monitoringFixture();
    const bucket = data.lake.bucket(LakeZone.GROUND_TRUTH);
    const ab = new AbTestAnalysis(stack, 'Ab', {
      endpoint, experimentName: 'ranker-v2', outcomes: { bucket },
      expectedWeights: [90, 10], schedule: Duration.minutes(30), method: AbTestMethod.SEQUENTIAL,
      correction: MultiplicityCorrection.BONFERRONI,
      metrics: [{ name: 'conversion' }, { name: 'latency_ms', kind: OutcomeKind.MEAN, higherIsBetter: false, cuped: true }],
    });
    ab.onDecision('OnDecision');
    const t = synth(stack);
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({
        [AB_ENV.experimentName]: 'ranker-v2',
        [AB_ENV.variants]: JSON.stringify([{ name: 'champion', weight: 90 }, { name: 'challenger', weight: 10 }]),
        [AB_ENV.metrics]: JSON.stringify([
          { name: 'conversion', kind: 'proportion', higherIsBetter: true },
          { name: 'latency_ms', kind: 'mean', higherIsBetter: false, cuped: true },
        ]),
        [AB_ENV.test]: 'sequential', [AB_ENV.correction]: 'bonferroni', [AB_ENV.capturePrefix]: 'data-capture',
      }) },
    });
    t.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(30 minutes)' });
    t.hasResourceProperties('AWS::Events::Rule', { EventPattern: Match.objectLike({ 'source': ['cdk-mlops.experiments'], 'detail-type': ['A/B Test Decision'] }) });
    expect(stack.resolve(ab.forVariant('challenger').metricDecision().namespace)).toBe(EXPERIMENT_NAMESPACE);
    expect(nagFindings(stack)).toEqual([]);
  });

});

describe('AdaptiveAllocation', () => {
  test('claims the weights: synth refuses a VariantRollout on the same variants, in either order', () => {
    const a = monitoringFixture();
    new AdaptiveAllocation(a.stack, 'Bandit', { endpoint: a.endpoint, metricName: 'click', outcomes: { bucket: a.data.lake.bucket(LakeZone.GROUND_TRUTH) } });
    expect(() => new VariantRollout(a.stack, 'Rollout', { endpoint: a.endpoint, strategy: DeploymentStrategy.CANARY_10PERCENT_5MINUTES }))
      .toThrow(/adaptive A\/B allocation/);
    const b = monitoringFixture();
    new VariantRollout(b.stack, 'Rollout', { endpoint: b.endpoint, strategy: DeploymentStrategy.CANARY_10PERCENT_5MINUTES });
    expect(() => new AdaptiveAllocation(b.stack, 'Bandit', { endpoint: b.endpoint, metricName: 'click', outcomes: { bucket: b.data.lake.bucket(LakeZone.GROUND_TRUTH) } }))
      .toThrow(/would move the weights of champion, challenger/);
  });

  test('bounds and interval in the environment, UpdateEndpointWeightsAndCapacities on this endpoint only; nag clean', () => {
    const { stack, data, endpoint } = monitoringFixture();
    new AdaptiveAllocation(stack, 'Bandit', {
      endpoint, metricName: 'click', outcomes: { bucket: data.lake.bucket(LakeZone.GROUND_TRUTH) }, minShare: 0.2, maxShare: 0.8,
      updateInterval: Duration.hours(2),
    });
    const t = synth(stack);
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ [ALLOCATOR_ENV.minShare]: '0.2', [ALLOCATOR_ENV.maxShare]: '0.8', [ALLOCATOR_ENV.updateIntervalSeconds]: '7140' }) },
    });
    t.hasResourceProperties('AWS::IAM::Policy', { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
      Action: ['sagemaker:DescribeEndpoint', 'sagemaker:UpdateEndpointWeightsAndCapacities'], Resource: { Ref: 'EndpointEEF1FD8F' },
    })]) } });
    expect(nagFindings(stack)).toEqual([]);
  });

});

describe('ShadowAnalysis', () => {
  test('compares two variants and alarms below the minimum agreement; nag clean', () => {
    const { stack, endpoint } = monitoringFixture();
    const s = new ShadowAnalysis(stack, 'Shadow', {
      endpoint, problem: ShadowProblem.CLASSIFICATION, productionVariant: 'champion', shadowVariant: 'challenger',
      threshold: 0.5, minAgreementRate: 0.95,
    });
    const t = synth(stack);
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ [SHADOW_ENV.shadowVariant]: 'challenger', [SHADOW_ENV.threshold]: '0.5', [SHADOW_ENV.windowSeconds]: '3600' }) },
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: EXPERIMENT_NAMESPACE, MetricName: 'AgreementRate', Threshold: 0.95, ComparisonOperator: 'LessThanThreshold',
    });
    expect(s.alarms).toHaveLength(2);
    expect(nagFindings(stack)).toEqual([]);
  });

});
