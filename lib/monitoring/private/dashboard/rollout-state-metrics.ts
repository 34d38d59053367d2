/**
 * Metric factory of the rollout's state as the controller publishes it (contracts/rollout-state-metrics.ts):
 * namespace CdkMlops/Rollout, dimensions EndpointName and CandidateVariant, one datapoint per controller step.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ROLLOUT_METRIC_NAMESPACE } from '../../../../contracts/rollout-env';
import { ROLLOUT_STATE_DIMENSIONS, ROLLOUT_STATE_METRICS } from '../../../../contracts/rollout-state-metrics';

export class RolloutStateMetrics {
  constructor(private readonly endpointName: string) {}

  /** 1 while a rollout with `candidate` as its candidate slot runs, 0 once it ended (Maximum per minute). */
  public active(candidate: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(ROLLOUT_STATE_METRICS.active, candidate, props);
  }

  /** The phase code (ROLLOUT_PHASE_CODES) of the rollout onto `candidate` (Maximum per minute). */
  public phase(candidate: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(ROLLOUT_STATE_METRICS.phase, candidate, props);
  }

  /** Percent of requests ordered for `candidate` (Maximum per minute). */
  public orderedShare(candidate: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(ROLLOUT_STATE_METRICS.orderedShare, candidate, props);
  }

  /** Percent of requests the endpoint gives `candidate` now (Maximum per minute). */
  public liveShare(candidate: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(ROLLOUT_STATE_METRICS.liveShare, candidate, props);
  }

  private metric(metricName: string, candidate: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: ROLLOUT_METRIC_NAMESPACE,
      metricName,
      dimensionsMap: { [ROLLOUT_STATE_DIMENSIONS.endpoint]: this.endpointName, [ROLLOUT_STATE_DIMENSIONS.candidate]: candidate },
      statistic: 'Maximum',
      period: Duration.minutes(1),
      ...props,
    });
  }
}
