import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import { IConstruct } from 'constructs';
import { OnRolloutStatusChangeOptions } from './rollout-events';

/**
 * A guarded rollout of an endpoint's variants, as dashboards and alarms read it (implemented by `VariantRollout`).
 * There is no import: a rollout is wired to its stack's controller and deploy trigger.
 */
export interface IVariantRollout extends IConstruct {
  /** The two slots rollouts alternate between. */
  readonly variants: string[];
  /** Every alarm that can roll a candidate back. */
  readonly alarms: cloudwatch.IAlarm[];
  /**
   * Rollouts of this endpoint that ended rolled back, aborted or failed.
   * @param props options that override the defaults (statistic Sum, period 5 minutes)
   */
  metricRollbacks(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
  /**
   * Rollouts started on this endpoint.
   * @param props options that override the defaults (statistic Sum, period 5 minutes)
   */
  metricRolloutsStarted(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Rollouts of this endpoint that promoted their candidate.
   * @param props options that override the defaults (statistic Sum, period 5 minutes)
   */
  metricPromotions(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * An EventBridge rule on the status changes of this endpoint's rollouts.
   * @param id id of the rule
   * @param options the rule's target, and which phases to match
   */
  onRolloutStatusChange(id: string, options?: OnRolloutStatusChangeOptions): events.Rule;
}
