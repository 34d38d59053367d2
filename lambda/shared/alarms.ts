/** CloudWatch reads of the controller: alarm states and the candidate's published invocations. */
import {
  CloudWatchClient, DescribeAlarmsCommand, GetMetricStatisticsCommand, MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import type { AlarmSignal, AlarmState } from '../core/rollout';
import { isThrottling, isTransient } from './errors';
import type { Logger } from './log';
import { withRetry } from './retry';
import { timing } from './timing';

const retryable = (e: unknown) => isThrottling(e) || isTransient(e);

/**
 * States of the named alarms (metric and composite). An alarm that does not exist reads INSUFFICIENT_DATA:
 * a guard that cannot be read must never let a step pass, and the policy holds then fails such a step.
 */
export async function readAlarms(cw: CloudWatchClient, names: readonly string[], log?: Logger): Promise<AlarmSignal[]> {
  return (await describeAlarms(cw, names, log)).signals;
}

export interface DescribedAlarms {
  /** One signal per name, in the order of the names. */
  readonly signals: AlarmSignal[];
  /** The metric alarms as DescribeAlarms returned them (their rules feed the metric guard). */
  readonly metricAlarms: MetricAlarm[];
  readonly compositeAlarmNames: string[];
}

/** `readAlarms`, plus the metric alarms' definitions. */
export async function describeAlarms(cw: CloudWatchClient, names: readonly string[], log?: Logger):
Promise<DescribedAlarms> {
  const found = new Map<string, AlarmState>();
  const metricAlarms: MetricAlarm[] = [];
  const compositeAlarmNames: string[] = [];
  for (let i = 0; i < names.length; i += 100) {
    const batch = names.slice(i, i + 100);
    let token: string | undefined;
    do {
      const out = await withRetry(() => cw.send(new DescribeAlarmsCommand({
        AlarmNames: batch, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], NextToken: token,
      })), { what: 'DescribeAlarms', retryable, budgetMs: timing().alarmReadBudgetMs, log });
      metricAlarms.push(...(out.MetricAlarms ?? []));
      compositeAlarmNames.push(...(out.CompositeAlarms ?? []).flatMap((a) => (a.AlarmName ? [a.AlarmName] : [])));
      for (const a of [...(out.MetricAlarms ?? []), ...(out.CompositeAlarms ?? [])]) {
        if (a.AlarmName) found.set(a.AlarmName, (a.StateValue ?? 'INSUFFICIENT_DATA') as AlarmState);
      }
      token = out.NextToken;
    } while (token);
  }
  const missing = names.filter((n) => !found.has(n));
  if (missing.length > 0) log?.warn('guarding alarms not found; treated as INSUFFICIENT_DATA', { missing });
  return { signals: names.map((name) => ({ name, state: found.get(name) ?? 'INSUFFICIENT_DATA' })), metricAlarms,
    compositeAlarmNames };
}

/**
 * Sum of the candidate's published `Invocations` from the period containing `sinceEpochSeconds` (the simulator
 * counts the same way): the minute, or the 10 s / 30 s period of an endpoint publishing that often. CloudWatch
 * publishes late, so this lags: the policy is written for that.
 */
export async function candidateInvocations(cw: CloudWatchClient, endpointName: string, variantName: string,
  sinceEpochSeconds: number, nowEpochSeconds: number, log?: Logger, periodSeconds = 60): Promise<number> {
  const start = Math.floor(sinceEpochSeconds / periodSeconds) * periodSeconds;
  const end = Math.max(start + periodSeconds, Math.ceil(nowEpochSeconds / periodSeconds) * periodSeconds);
  const out = await withRetry(() => cw.send(new GetMetricStatisticsCommand({
    Namespace: 'AWS/SageMaker',
    MetricName: 'Invocations',
    Dimensions: [{ Name: 'EndpointName', Value: endpointName }, { Name: 'VariantName', Value: variantName }],
    StartTime: new Date(start * 1000),
    EndTime: new Date(end * 1000),
    Period: periodSeconds,
    Statistics: ['Sum'],
  })), { what: 'GetMetricStatistics Invocations', retryable, budgetMs: timing().alarmReadBudgetMs, log });
  return (out.Datapoints ?? []).reduce((sum, d) => sum + (d.Sum ?? 0), 0);
}
