/** A VariantRollout asks its endpoint for 10-second metrics; what the user set on the endpoint wins. */
import { Duration } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { DeploymentStrategy, VariantRollout } from '../../lib/rollout';
import { MetricsConfig } from '../../lib/serving';
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
