/**
 * A VariantRollout asks its endpoint for 10-second metrics; what the user set on the endpoint wins. The candidate's
 * alarms and the plan the controller runs follow what the endpoint publishes.
 */
import { Duration } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { DeploymentStrategy, VariantRollout } from '../../lib/rollout';
import { MetricsConfig } from '../../lib/serving';
import { planFromJson } from '../../lambda/core/rollout';
import { lintQueuedTemplates, synth } from '../helpers/validators';
import { blueGreenEndpoint, rolloutFixture } from './fixtures';

afterAll(lintQueuedTemplates);

function rolledOut(metricsConfig: MetricsConfig) {
  const f = rolloutFixture();
  const endpoint = blueGreenEndpoint(f, { metricsConfig });
  new VariantRollout(f.stack, 'Rollout', { endpoint, strategy: DeploymentStrategy.CANARY_10PERCENT_5MINUTES });
  return { stack: f.stack, endpoint, template: synth(f.stack), warnings: Annotations.fromStack(f.stack).findWarning('/Test/Endpoint', Match.anyValue()) };
}

describe('VariantRollout and the endpoint\'s metricsConfig', () => {
  test('enhancedMetrics: false wins: no 10 s interval is added (it would speed up utilization only), and a warning says so', () => {
    const r = rolledOut({ enhancedMetrics: false });
    r.template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      MetricsConfig: { EnableEnhancedMetrics: false, MetricPublishFrequencyInSeconds: Match.absent() },
    });
    expect(r.endpoint._invocationMetricsSeconds()).toBe(60);
    expect(r.warnings.map((w) => w.entry.data)).toEqual([expect.stringMatching(
      /^metricsConfig\.enhancedMetrics is false, so invocation metrics are published every minute: the VariantRollout Test\/Rollout judges candidates on 1 minute data\. Leave metricsConfig unset/)]);
  });

  test('a one-minute publishInterval wins (enhanced metrics still default on), with a warning', () => {
    const r = rolledOut({ publishInterval: Duration.minutes(1) });
    r.template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      MetricsConfig: { EnableEnhancedMetrics: true, MetricPublishFrequencyInSeconds: 60 },
    });
    expect(r.warnings.map((w) => w.entry.data)).toEqual([expect.stringMatching(/^metricsConfig\.publishInterval is 1 minute: the VariantRollout/)]);
  });

  test('a 30 s publishInterval is kept without a warning: sub-minute signals still reach the rollout', () => {
    const r = rolledOut({ publishInterval: Duration.seconds(30) });
    r.template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      MetricsConfig: { EnableEnhancedMetrics: true, MetricPublishFrequencyInSeconds: 30 },
    });
    expect(r.endpoint._invocationMetricsSeconds()).toBe(30);
    expect(r.warnings).toEqual([]);
  });
});

describe('the candidate\'s alarms and the plan follow the endpoint\'s publish interval', () => {
  const alarmOf = (template: ReturnType<typeof synth>, suffix: string) => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'))
      .filter((a) => String(a.Properties.AlarmName).endsWith(`-green-${suffix}`));
    expect(alarms).toHaveLength(1);
    return alarms[0].Properties;
  };
  const planOf = (template: ReturnType<typeof synth>) =>
    planFromJson(Object.values(template.findResources('Custom::CdkMlopsRollout'))[0].Properties.Plan);

  test('10 s data (the default): 30 s alarms, the 5XX rate on one period and p99 latency on two; the plan says 10 s', () => {
    const f = rolloutFixture();
    const endpoint = blueGreenEndpoint(f);
    new VariantRollout(f.stack, 'Rollout', { endpoint, strategy: DeploymentStrategy.CANARY_10PERCENT_5MINUTES });
    const t = synth(f.stack);
    // CloudWatch takes 10 s and 30 s periods for high-resolution alarms only (PutMetricAlarm); 30 s pools three 10 s datapoints.
    expect(alarmOf(t, 'error-rate')).toMatchObject({ Period: 30, EvaluationPeriods: 1, DatapointsToAlarm: 1, MetricName: 'Invocation5XXErrors' });
    expect(alarmOf(t, 'latency-p99')).toMatchObject({ Period: 30, EvaluationPeriods: 2, DatapointsToAlarm: 2, ExtendedStatistic: 'p99' });
    expect(alarmOf(t, 'error-rate').AlarmDescription).toMatch(/above 0\.05 for 30 seconds rolls it back/);
    expect(planOf(t).metricsPeriodSeconds).toBe(10);
  });

  test('30 s data: the same 30 s alarms, and the plan says 30 s', () => {
    const r = rolledOut({ publishInterval: Duration.seconds(30) });
    expect(alarmOf(r.template, 'error-rate')).toMatchObject({ Period: 30, EvaluationPeriods: 1 });
    expect(planOf(r.template).metricsPeriodSeconds).toBe(30);
  });

  test.each([
    ['enhanced metrics off', { enhancedMetrics: false }],
    ['a one-minute interval', { publishInterval: Duration.minutes(1) }],
  ])('%s: one-minute alarms as before, and no sub-minute period in the plan', (_, config) => {
    const r = rolledOut(config);
    expect(alarmOf(r.template, 'error-rate')).toMatchObject({ Period: 60, EvaluationPeriods: 1, DatapointsToAlarm: 1 });
    expect(alarmOf(r.template, 'latency-p99')).toMatchObject({ Period: 60, EvaluationPeriods: 1 });
    expect(alarmOf(r.template, 'error-rate').AlarmDescription).toMatch(/for 1 minute rolls it back/);
    expect(planOf(r.template).metricsPeriodSeconds).toBeUndefined();
  });
});
