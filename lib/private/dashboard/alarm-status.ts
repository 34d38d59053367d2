/**
 * The alarm status row at the top of a dashboard: every alarm under a scope (by default the dashboard's stack), in
 * alarm status widgets of at most CloudWatch's 100 alarms each, sorted so that alarms in ALARM come first.
 */
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IConstruct } from 'constructs';
import { AWS_LIMITS } from '../../../contracts/aws-limits.generated';

const MAX_ALARMS_PER_WIDGET = AWS_LIMITS['cloudwatch.dashboard'].maxAlarmsPerAlarmWidget;
/** Alarm tiles per grid row of a full-width alarm status widget, as the console lays them out (an estimate). */
const TILES_PER_ROW = 6;

/** Every metric and composite alarm created under `scope`, in construct-path order (stable across synths). */
export function alarmsUnder(scope: IConstruct): cloudwatch.AlarmBase[] {
  return scope.node.findAll()
    .filter((c): c is cloudwatch.AlarmBase => c instanceof cloudwatch.Alarm || c instanceof cloudwatch.CompositeAlarm)
    .sort((a, b) => (a.node.path < b.node.path ? -1 : a.node.path > b.node.path ? 1 : 0));
}

/** Alarm status widgets of at most 100 alarms each, full width, the ones in ALARM first. */
export function alarmStatusWidgets(alarms: readonly cloudwatch.IAlarm[]): cloudwatch.IWidget[] {
  const widgets: cloudwatch.IWidget[] = [];
  const parts = Math.ceil(alarms.length / MAX_ALARMS_PER_WIDGET);
  for (let i = 0; i < parts; i++) {
    const chunk = alarms.slice(i * MAX_ALARMS_PER_WIDGET, (i + 1) * MAX_ALARMS_PER_WIDGET);
    widgets.push(new cloudwatch.AlarmStatusWidget({
      title: parts > 1 ? `Every alarm of the stack (${i + 1} of ${parts}): firing first` : 'Every alarm of the stack: firing first',
      alarms: chunk,
      sortBy: cloudwatch.AlarmStatusWidgetSortBy.STATE_UPDATED_TIMESTAMP,
      width: 24,
      height: 1 + Math.ceil(chunk.length / TILES_PER_ROW),
    }));
  }
  return widgets;
}
