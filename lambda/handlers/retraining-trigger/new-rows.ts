/** Counts new rows: the Sum of the ETL's RecordsWritten metric since the last successful run's snapshot. */
import { GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { clients } from '../../shared/clients';

/** GetMetricStatistics returns at most 1,440 datapoints: the smallest whole-minute period that covers the range in that many. */
export function periodFor(fromMs: number, toMs: number): number {
  const seconds = Math.max(60, Math.ceil((toMs - fromMs) / 1000));
  return Math.max(60, Math.ceil(seconds / 1440 / 60) * 60);
}

export async function countNewRows(namespace: string, metricName: string, dimensions: Record<string, string>, fromMs: number, toMs: number): Promise<number> {
  const r = await clients().cloudwatch.send(new GetMetricStatisticsCommand({
    Namespace: namespace,
    MetricName: metricName,
    Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
    StartTime: new Date(fromMs),
    EndTime: new Date(toMs),
    Period: periodFor(fromMs, toMs),
    Statistics: ['Sum'],
  }));
  return (r.Datapoints ?? []).reduce((s, d) => s + (d.Sum ?? 0), 0);
}
