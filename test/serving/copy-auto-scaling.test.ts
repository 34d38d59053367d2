import { Duration, Size } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { InferenceComponentEndpoint, InferenceComponentEndpointProps, CopyAutoScaling } from '../../lib/serving';
import { lintQueuedTemplates, nagFindings, synth } from '../helpers/validators';
import { endpointFixture } from './fixtures';

afterAll(lintQueuedTemplates);

function scaled(scaling: CopyAutoScaling, endpointProps: InferenceComponentEndpointProps = { managedInstanceScaling: { minInstanceCount: 0, maxInstanceCount: 2 } }, copyCount?: number) {
  const f = endpointFixture();
  const endpoint = new InferenceComponentEndpoint(f.stack, 'E', endpointProps);
  const c = endpoint.addInferenceComponent('C', {
    model: f.modelA, computeResources: { minMemory: Size.gibibytes(1) }, inferenceComponentName: 'ranker', copyCount, copyAutoScaling: scaling,
  });
  return { ...f, c };
}

describe('scale to zero (AWS procedure "Scale an endpoint to zero instances")', () => {
  test('copies tracked on invocations per copy, and a step policy on NoCapacityInvocationFailures brings them back from zero', () => {
    const { stack, c } = scaled({ minCopyCount: 0, maxCopyCount: 4, targetInvocationsPerCopy: 10 });
    const t = synth(stack);
    const targets = t.findResources('AWS::ApplicationAutoScaling::ScalableTarget');
    const [targetId, target] = Object.entries(targets)[0];
    expect(target.Properties).toMatchObject({
      ServiceNamespace: 'sagemaker', ResourceId: 'inference-component/ranker', ScalableDimension: 'sagemaker:inference-component:DesiredCopyCount',
      MinCapacity: 0, MaxCapacity: 4,
    });
    // Its resource id is a literal name: without the dependency it could be registered before the component exists.
    expect(target.DependsOn).toContain(stack.getLogicalId(c.resource));
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling', ScalingTargetId: { Ref: targetId },
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerInferenceComponentInvocationsPerCopy' },
        TargetValue: 10, ScaleInCooldown: 300, ScaleOutCooldown: 60,
      },
    });
    const steps = t.findResources('AWS::ApplicationAutoScaling::ScalingPolicy', { Properties: { PolicyType: 'StepScaling' } });
    const [stepId, step] = Object.entries(steps)[0];
    expect(step.Properties.StepScalingPolicyConfiguration).toEqual({
      AdjustmentType: 'ChangeInCapacity', MetricAggregationType: 'Maximum', Cooldown: 60,
      StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SageMaker', MetricName: 'NoCapacityInvocationFailures', Dimensions: [{ Name: 'InferenceComponentName', Value: 'ranker' }],
      Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: stepId }],
    });
    expect(c.scaleFromZeroAlarm).toBeDefined();
    // Created with one copy, so it serves right after the deploy; autoscaling may take it to zero later.
    t.hasResourceProperties('AWS::SageMaker::InferenceComponent', { RuntimeConfig: { CopyCount: 1 } });
    const own = /at Test\/Artifacts\/Resource:/;
    expect(nagFindings(stack).filter((f) => !own.test(f))).toEqual([]);
  });

  test('with a minimum above zero: target tracking only, and the minimum is the starting count', () => {
    const { stack, c } = scaled({ minCopyCount: 2, maxCopyCount: 6, targetInvocationsPerCopy: 50, scaleInCooldown: Duration.minutes(10) });
    const t = synth(stack);
    t.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 1);
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({ TargetValue: 50, ScaleInCooldown: 600 }),
    });
    t.hasResourceProperties('AWS::SageMaker::InferenceComponent', { RuntimeConfig: { CopyCount: 2 } });
    expect(c.scaleFromZeroAlarm).toBeUndefined();
    expect(c.scalableTarget).toBeDefined();
  });

  test('copies that can reach zero on an endpoint that keeps its instances: an info says the instances stay', () => {
    const { stack } = scaled({ minCopyCount: 0, maxCopyCount: 2, targetInvocationsPerCopy: 5, scaleFromZeroCopies: 2 },
      { managedInstanceScaling: { minInstanceCount: 1, maxInstanceCount: 2 } });
    const t = synth(stack);
    expect(Annotations.fromStack(stack).findInfo('*', Match.stringLikeRegexp('the component scales to zero, the instances stay'))).toHaveLength(1);
    const step = Object.values(t.findResources('AWS::ApplicationAutoScaling::ScalingPolicy', { Properties: { PolicyType: 'StepScaling' } }))[0];
    expect(step.Properties.StepScalingPolicyConfiguration.StepAdjustments).toEqual([{ MetricIntervalLowerBound: 0, ScalingAdjustment: 2 }]);
  });
});
