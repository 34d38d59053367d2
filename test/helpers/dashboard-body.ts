/**
 * Reads a synthesized CloudWatch dashboard the way CloudWatch will: the DashboardBody's Fn::Join is joined with each
 * intrinsic (Ref, Fn::GetAtt, ...) replaced by a placeholder, parsed as JSON, and the placeholders are put back as
 * the intrinsics' JSON text, so widget values can be compared with the template's alarms.
 */
import { Template } from 'aws-cdk-lib/assertions';

export interface DashboardWidget {
  readonly type: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: any;
}

/** One metric row of a metric widget, parsed from CloudWatch's array form. */
export interface ChartedMetric {
  readonly namespace: string;
  readonly metricName: string;
  /** name=value, sorted. */
  readonly dimensions: string[];
  /** The statistic, CloudWatch's default (Average) when the row names none. */
  readonly stat: string;
  readonly yAxis: 'left' | 'right';
}

export interface TemplateAlarm {
  readonly logicalId: string;
  readonly namespace?: string;
  readonly metricName?: string;
  readonly dimensions: string[];
  readonly stat?: string;
  readonly threshold: number;
}

/** The text of an intrinsic value, the same for the dashboard and the alarm. */
export const valueText = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

export function dashboardWidgets(t: Template): DashboardWidget[] {
  const dashboards = Object.values(t.findResources('AWS::CloudWatch::Dashboard'));
  if (dashboards.length !== 1) throw new Error(`expected one dashboard, found ${dashboards.length}`);
  const body = dashboards[0].Properties.DashboardBody;
  const parts: unknown[] = typeof body === 'string' ? [body] : body['Fn::Join'][1];
  const tokens: string[] = [];
  const text = parts.map((p) => {
    if (typeof p === 'string') return p;
    tokens.push(JSON.stringify(p));
    return `@@${tokens.length - 1}@@`;
  }).join('');
  const restore = (v: any): any => {
    if (typeof v === 'string') return v.replace(/@@(\d+)@@/g, (_, i) => tokens[Number(i)]);
    if (Array.isArray(v)) return v.map(restore);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, restore(x)]));
    return v;
  };
  return restore(JSON.parse(text)).widgets;
}

/** The plain metrics a metric widget draws (math expressions left out). */
export function chartedMetrics(w: DashboardWidget): ChartedMetric[] {
  const out: ChartedMetric[] = [];
  for (const row of w.properties?.metrics ?? []) {
    const last = row[row.length - 1];
    const opts = last && typeof last === 'object' ? last : {};
    if (opts.expression) continue;
    const fields: string[] = (typeof last === 'object' ? row.slice(0, -1) : row).map(valueText);
    const [namespace, metricName, ...dims] = fields;
    const dimensions: string[] = [];
    for (let i = 0; i < dims.length; i += 2) dimensions.push(`${dims[i]}=${dims[i + 1]}`);
    out.push({ namespace, metricName, dimensions: dimensions.sort(), stat: opts.stat ?? 'Average', yAxis: opts.yAxis ?? 'left' });
  }
  return out;
}

export function templateAlarms(t: Template): TemplateAlarm[] {
  return Object.entries(t.findResources('AWS::CloudWatch::Alarm')).map(([logicalId, a]) => {
    const p = a.Properties;
    return {
      logicalId,
      namespace: p.Namespace,
      metricName: p.MetricName,
      dimensions: (p.Dimensions ?? []).map((d: any) => `${d.Name}=${valueText(d.Value)}`).sort(),
      stat: p.Statistic ?? p.ExtendedStatistic,
      threshold: p.Threshold,
    };
  });
}

/** Logical ids of the alarms an alarm widget lists (its ARNs are Fn::GetAtt [id, Arn]). */
export function alarmWidgetIds(w: DashboardWidget): string[] {
  return (w.properties.alarms as string[]).map((arn) => JSON.parse(arn)['Fn::GetAtt'][0]);
}
