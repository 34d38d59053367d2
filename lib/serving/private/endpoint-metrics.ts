import { Annotations, Duration } from 'aws-cdk-lib';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import { isToken, seconds } from '../../private/validation/checks';
import { invalidProp } from '../../private/validation/fail';
import { limit } from '../../private/validation/limits';
import type { MetricsConfig } from '../metrics-config';

/** What a rollout asks of the endpoint it guards: invocation metrics every 10 seconds. */
export const ROLLOUT_PUBLISH_SECONDS = 10;

/** SageMaker's interval for invocation metrics without enhanced metrics (and its default for all of them). */
const DEFAULT_PUBLISH_SECONDS = 60;

/**
 * An endpoint's MetricsConfig: the user's settings, and a rollout's request for 10-second data, which fills only
 * what the user left unset. Rendered lazily, because the rollout is constructed after the endpoint.
 * @internal
 */
export class EndpointMetrics {
  private rolloutPath?: string;

  constructor(private readonly owner: Construct, private readonly config: MetricsConfig | undefined) {
    if (config?.publishInterval?.isUnresolved()) {
      try {
        config.publishInterval.toSeconds();
      } catch {
        invalidProp(this.who, 'metricsConfig.publishInterval', 'a token in a unit other than seconds',
          'CloudFormation takes whole seconds: use Duration.seconds(<token>).');
      }
    }
    const interval = seconds(this.who, 'metricsConfig.publishInterval', config?.publishInterval);
    const allowed = limit('sagemaker.MetricPublishFrequencyInSeconds').values ?? [];
    if (interval !== undefined && !allowed.includes(interval)) {
      invalidProp(this.who, 'metricsConfig.publishInterval', config!.publishInterval,
        `Use one of ${allowed.map((s) => Duration.seconds(s).toHumanString()).join(', ')} ` +
        `(${limit('sagemaker.MetricPublishFrequencyInSeconds').source}).`);
    }
  }

  /** A rollout guards this endpoint: publish at 10 s with enhanced metrics, unless the user decided otherwise. */
  requestForRollout(rollout: Construct): void {
    this.rolloutPath = rollout.node.path;
    const every = this.invocationIntervalSeconds();
    if (every !== undefined && every >= DEFAULT_PUBLISH_SECONDS) {
      const why = this.config?.enhancedMetrics === false
        ? 'metricsConfig.enhancedMetrics is false, so invocation metrics are published every minute'
        : `metricsConfig.publishInterval is ${this.config!.publishInterval!.toHumanString()}`;
      Annotations.of(this.owner).addWarningV2('cdk-mlops:rolloutMetrics',
        `${why}: the VariantRollout ${this.rolloutPath} judges candidates on ${Duration.seconds(every).toHumanString()} data. ` +
        'Leave metricsConfig unset (or set publishInterval to Duration.seconds(10) with enhancedMetrics true) for 10-second signals.');
    }
  }

  /** Seconds between invocation datapoints (Invocations, Invocation5XXErrors, ModelLatency); undefined for a token. */
  invocationIntervalSeconds(): number | undefined {
    const enhanced = this.enhanced();
    if (enhanced === undefined) return undefined;
    if (!enhanced) return DEFAULT_PUBLISH_SECONDS;
    const interval = this.config?.publishInterval;
    if (interval === undefined) return this.rolloutPath ? ROLLOUT_PUBLISH_SECONDS : DEFAULT_PUBLISH_SECONDS;
    return seconds(this.who, 'metricsConfig.publishInterval', interval);
  }

  /** The endpoint configuration's MetricsConfig, or undefined when neither the user nor a rollout set anything. */
  render(): sagemaker.CfnEndpointConfig.MetricsConfigProperty | undefined {
    const user = this.config ?? {};
    const enhanced = user.enhancedMetrics ?? (this.rolloutPath ? true : undefined);
    // Without enhanced metrics the interval would speed up utilization metrics only: no 10 s default then.
    const interval = user.publishInterval?.toSeconds()
      ?? (this.rolloutPath && user.enhancedMetrics !== false ? ROLLOUT_PUBLISH_SECONDS : undefined);
    if (enhanced === undefined && interval === undefined) return undefined;
    return { enableEnhancedMetrics: enhanced, metricPublishFrequencyInSeconds: interval };
  }

  private enhanced(): boolean | undefined {
    const e = this.config?.enhancedMetrics;
    if (isToken(e)) return undefined;
    return e ?? (this.rolloutPath !== undefined);
  }

  private get who(): string {
    return `ModelEndpoint ${this.owner.node.path}`;
  }
}
