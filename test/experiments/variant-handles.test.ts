/**
 * Per-variant metric handles of the experiment constructs (`forVariant(v)`), like DriftMonitor.forVariant: the
 * metric each handle names is the one the handlers publish (lambda/handlers/ab-analysis: namespace
 * cdk-mlops/Experiments, dimensions Endpoint + Experiment + Variant, and Metric for p-values; ab-allocator:
 * Endpoint + Variant), and a name the construct has no metric for is refused with the names it has.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { LakeZone } from '../../lib/data/lake-zone';
import { AbTestAnalysis, AdaptiveAllocation } from '../../lib/experiments';
import { monitoringFixture } from '../monitoring/fixtures';

function rendered(stack: Stack, metric: cloudwatch.Metric) {
  const c = metric.toMetricConfig().metricStat!;
  return {
    namespace: c.namespace, metricName: c.metricName, statistic: c.statistic, period: c.period.toSeconds(),
    dimensions: Object.fromEntries((c.dimensions ?? []).map((d) => [d.name, stack.resolve(d.value)])),
  };
}

describe('AbTestAnalysis.forVariant', () => {
  const { stack, data, endpoint } = monitoringFixture();
  const ab = new AbTestAnalysis(stack, 'Ab', {
    endpoint, experimentName: 'ranker-v2', outcomes: { bucket: data.lake.bucket(LakeZone.GROUND_TRUTH) },
    schedule: Duration.minutes(30), metrics: [{ name: 'conversion' }],
  });
  // The endpoint's name as the handler gets it (its environment holds the same token).
  const ep = stack.resolve(endpoint.endpointName);

  test('decision and p-value of a treatment arm, with the dimensions the handler writes', () => {
    const arm = ab.forVariant('challenger');
    expect(arm.variantName).toBe('challenger');
    expect(rendered(stack, arm.metricDecision())).toEqual({
      namespace: 'cdk-mlops/Experiments', metricName: 'AbDecision', statistic: 'Minimum', period: 1800,
      dimensions: { Endpoint: ep, Experiment: 'ranker-v2', Variant: 'challenger' },
    });
    expect(rendered(stack, arm.metricPValue('conversion', { statistic: 'Maximum', period: Duration.hours(1) }))).toEqual({
      namespace: 'cdk-mlops/Experiments', metricName: 'PValue', statistic: 'Maximum', period: 3600,
      dimensions: { Endpoint: ep, Experiment: 'ranker-v2', Variant: 'challenger', Metric: 'conversion' },
    });
  });

  test('the control and unknown variants are refused, naming the treatment arms', () => {
    expect(() => ab.forVariant('champion')).toThrow(/forVariant\('champion'\): the decision and p-values are per treatment arm \(the control 'champion' is what they compare with\): 'challenger'/);
    expect(() => ab.forVariant('blue')).toThrow(/forVariant\('blue'\).*'challenger'\. Use one of those/);
  });
});

describe('AdaptiveAllocation.forVariant', () => {
  const { stack, data, endpoint } = monitoringFixture();
  const bandit = new AdaptiveAllocation(stack, 'Bandit', {
    endpoint, metricName: 'click', outcomes: { bucket: data.lake.bucket(LakeZone.GROUND_TRUTH) }, updateInterval: Duration.minutes(15),
  });
  const ep = stack.resolve(endpoint.endpointName);

  test('share and probability of being best, with the dimensions the allocator writes', () => {
    const v = bandit.forVariant('champion');
    expect(v.variantName).toBe('champion');
    expect(rendered(stack, v.metricShare())).toEqual({
      namespace: 'cdk-mlops/Experiments', metricName: 'AllocatedShare', statistic: 'Average', period: 900,
      dimensions: { Endpoint: ep, Variant: 'champion' },
    });
    expect(rendered(stack, v.metricProbabilityBest())).toEqual({
      namespace: 'cdk-mlops/Experiments', metricName: 'ProbabilityBest', statistic: 'Average', period: 900,
      dimensions: { Endpoint: ep, Variant: 'champion' },
    });
  });

  test('an unknown variant is refused', () => {
    expect(() => bandit.forVariant('blue')).toThrow(/AdaptiveAllocation '.*Bandit': forVariant\('blue'\): the allocator reweights only 'champion', 'challenger'\. Use one of those, or add 'blue' to variantNames\./);
  });
});
