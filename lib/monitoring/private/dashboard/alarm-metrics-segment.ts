/**
 * The alarms no chart above shows (the rollout controller's RollbackFailed, WeightsNotApplied and dead letters, the
 * monitors' failed runs, training failures, ...): one chart of each alarm's metric, with its threshold, so that every
 * alarm of the dashboard is both in the status row and drawn.
 */
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Stack } from 'aws-cdk-lib';
import type { ChartedMetrics } from '../../../private/dashboard/graph-factory';

export function alarmMetricsSegment(charted: ChartedMetrics, alarms: readonly cloudwatch.AlarmBase[]): cloudwatch.IWidget[] {
  const rest = alarms.filter((a): a is cloudwatch.Alarm => a instanceof cloudwatch.Alarm && !charted.charts(a.metric));
  if (rest.length === 0) return [];
  return [
    new cloudwatch.TextWidget({ markdown: '## Other alarms\nThe metric of every alarm that no chart above shows, with its threshold.', width: 24, height: 1 }),
    ...rest.map((a) => charted.graph({
      title: pathInStack(a),
      left: [a.metric],
      width: 6,
      height: 5,
    })),
  ];
}

/** The construct path below the stack: names the alarm the way the stack's code does. */
function pathInStack(alarm: cloudwatch.Alarm): string {
  const stackPath = Stack.of(alarm).node.path;
  return alarm.node.path.startsWith(`${stackPath}/`) ? alarm.node.path.slice(stackPath.length + 1) : alarm.node.path;
}
