/**
 * How widget builders make their charts: through a GraphFactory, so the same builder serves a construct's own
 * `widgets()` (threshold lines of that construct's alarms) and MonitoringDashboard (threshold lines of every alarm
 * of the stack, and a record of which metrics are charted).
 */
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { alarmGraph, metricKey } from './alarm-annotations';

export type GraphFactory = (props: cloudwatch.GraphWidgetProps) => cloudwatch.IWidget;

/** Charts with the thresholds of `alarms` (a construct's own). */
export function graphsWithAlarms(alarms: readonly cloudwatch.IAlarm[]): GraphFactory {
  return (props) => alarmGraph(props, alarms);
}

/** A dashboard's charts: thresholds of every alarm given, and the set of metrics charted so far. */
export class ChartedMetrics {
  private readonly keys = new Set<string>();

  constructor(private readonly alarms: readonly cloudwatch.IAlarm[]) {}

  public readonly graph: GraphFactory = (props) => {
    for (const m of [...(props.left ?? []), ...(props.right ?? [])]) {
      const key = metricKey(m);
      if (key !== undefined) this.keys.add(key);
    }
    return alarmGraph(props, this.alarms);
  };

  /** Whether a chart made so far shows `metric`. */
  public charts(metric: cloudwatch.IMetric): boolean {
    const key = metricKey(metric);
    return key !== undefined && this.keys.has(key);
  }
}
