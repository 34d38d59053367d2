import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { IInferenceComponent } from '../serving/inference-component-base';
import { createInvocationAlarms } from './private/invocation-alarms';
import { ownerOf } from '../private/validation/fail';
import { VariantAlarmOptions } from './variant-alarms';
import { requireProps } from '../private/validation/checks';

/** Properties of `InferenceComponentAlarms`. */
export interface InferenceComponentAlarmsProps extends VariantAlarmOptions {
  /** The component the alarms watch. */
  readonly component: IInferenceComponent;
  /**
   * Topic notified when an alarm fires and when it recovers.
   * @default - no notification
   */
  readonly topic?: sns.ITopic;
}

/**
 * The default alarms of one inference component, on its own metrics (dimension `InferenceComponentName`), the same
 * two as a variant's (`VariantAlarms`): 5XX error rate and p99 ModelLatency, NOT_BREACHING on missing data.
 */
export class InferenceComponentAlarms extends Construct {
  /** The 5XX error-rate alarm. */
  public readonly errorRate: cloudwatch.Alarm;
  /** The p99 ModelLatency alarm. */
  public readonly latencyP99: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: InferenceComponentAlarmsProps) {
    requireProps(ownerOf('InferenceComponentAlarms', `${scope.node.path}/${id}`), props, ['component']);
    super(scope, id);
    const c = props.component;
    const alarms = createInvocationAlarms(this, {
      errorRate: c.metric5xxErrorRate(),
      latencyP99: c.metricModelLatency({ statistic: 'p99' }),
      subject: `inference component ${c.node.path}`,
      owner: ownerOf('InferenceComponentAlarms', this.node.path), prefix: '',
    }, props, props.topic);
    this.errorRate = alarms.errorRate;
    this.latencyP99 = alarms.latencyP99;
  }

  /** Both alarms. */
  public get alarms(): cloudwatch.Alarm[] {
    return [this.errorRate, this.latencyP99];
  }
}
