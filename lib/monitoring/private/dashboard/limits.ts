/** CloudWatch's documented dashboard quotas, checked at synth on the rendered widgets. */
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { AWS_LIMITS } from '../../../../contracts/aws-limits.generated';

const LIMITS = AWS_LIMITS['cloudwatch.dashboard'];

/** Throws when the widgets break a quota, naming the dashboard, the count and the fix. */
export function checkDashboardLimits(owner: string, widgets: readonly cloudwatch.IWidget[]): void {
  const rendered = widgets.flatMap((w) => w.toJson());
  if (rendered.length > LIMITS.maxWidgets) {
    throw new Error(`${owner}: ${rendered.length} widgets; CloudWatch allows ${LIMITS.maxWidgets} per dashboard. ` +
      'Pass fewer variantNames, or split the monitors over several MonitoringDashboards.');
  }
  let total = 0;
  for (const w of rendered) {
    const count = (w.properties?.metrics ?? []).length;
    total += count;
    if (count > LIMITS.maxMetricsPerWidget) {
      throw new Error(`${owner}: the widget '${w.properties?.title}' has ${count} metrics; CloudWatch allows ` +
        `${LIMITS.maxMetricsPerWidget} per widget. Monitor fewer features or variants in one chart.`);
    }
  }
  if (total > LIMITS.maxMetricsPerDashboard) {
    throw new Error(`${owner}: ${total} metrics over all widgets; CloudWatch allows ${LIMITS.maxMetricsPerDashboard} per ` +
      'dashboard. Pass fewer variantNames, or split the monitors over several MonitoringDashboards.');
  }
}
