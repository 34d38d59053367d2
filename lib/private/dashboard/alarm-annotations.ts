/**
 * Threshold lines on charts: a graph that shows a metric some alarm watches gets that alarm's threshold as a
 * horizontal annotation, on the axis the metric is drawn on. A metric is the alarm's when namespace, name,
 * dimensions and statistic match (the period may differ: a chart may aggregate more coarsely than its alarm).
 */
import { Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** The identity of a plain metric, or undefined for a math expression (no alarm of this library watches one). */
export function metricKey(metric: cloudwatch.IMetric): string | undefined {
  const stat = metric.toMetricConfig().metricStat;
  if (!stat) return undefined;
  const dims = (stat.dimensions ?? []).map((d) => `${d.name}=${Token.asString(d.value)}`).sort();
  return JSON.stringify([stat.namespace, stat.metricName, dims, stat.statistic.toLowerCase()]);
}

/** The alarms among `alarms` whose metric is `metric`. */
function alarmsOn(metric: cloudwatch.IMetric, alarms: readonly cloudwatch.IAlarm[]): cloudwatch.Alarm[] {
  const key = metricKey(metric);
  if (key === undefined) return [];
  return alarms.filter((a): a is cloudwatch.Alarm => a instanceof cloudwatch.Alarm && metricKey(a.metric) === key);
}

function annotations(metrics: readonly cloudwatch.IMetric[] | undefined, alarms: readonly cloudwatch.IAlarm[]):
cloudwatch.HorizontalAnnotation[] {
  const seen = new Set<cloudwatch.Alarm>();
  for (const m of metrics ?? []) for (const a of alarmsOn(m, alarms)) seen.add(a);
  return [...seen].map((a) => {
    const annotation = a.toAnnotation();
    return { ...annotation, label: `${annotation.label} (${shortPath(a)})` };
  });
}

/** The alarm's last two path segments (e.g. `blue/ErrorRate`): tells two alarms on one metric apart. */
function shortPath(alarm: cloudwatch.Alarm): string {
  return alarm.node.path.split('/').slice(-2).join('/');
}

/**
 * A GraphWidget with the threshold of every alarm among `alarms` that watches one of its metrics, on that metric's
 * axis, added to the annotations `props` already has.
 */
export function alarmGraph(props: cloudwatch.GraphWidgetProps, alarms: readonly cloudwatch.IAlarm[]): cloudwatch.GraphWidget {
  const left = annotations(props.left, alarms);
  const right = annotations(props.right, alarms);
  return new cloudwatch.GraphWidget({
    ...props,
    ...(left.length > 0 ? { leftAnnotations: [...(props.leftAnnotations ?? []), ...left] } : {}),
    ...(right.length > 0 ? { rightAnnotations: [...(props.rightAnnotations ?? []), ...right] } : {}),
  });
}
