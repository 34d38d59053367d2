/**
 * CloudWatch figures of the stable and the candidate variant over a shadow window: Invocations (Sum),
 * Invocation5XXErrors (Sum, divided by the invocations: the window's Average) and ModelLatency p99, in one
 * GetMetricData request whose period spans the window. Best effort: a failed read gives no figures (the gates then
 * say "not yet"), it never throws.
 */
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import type { VariantWindowMetrics } from '../core/rollout';
import type { Logger } from './log';
import { pairQueryId, RolloutSide, variantPairQueries } from './variant-pair-queries';

export interface ShadowWindowMetrics {
  readonly stable: VariantWindowMetrics;
  readonly candidate: VariantWindowMetrics;
}

const METRICS = [
  { key: 'inv', name: 'Invocations', stat: 'Sum' },
  { key: 'err', name: 'Invocation5XXErrors', stat: 'Sum' },
  { key: 'lat', name: 'ModelLatency', stat: 'p99' },
] as const;

/** Query ids: `shadow_<s|c>_<inv|err|lat>`. */
export function shadowQueryId(side: RolloutSide, key: typeof METRICS[number]['key']): string {
  return pairQueryId('shadow', side, key);
}

export async function shadowWindowMetrics(cw: CloudWatchClient, endpointName: string, stableVariant: string,
  candidateVariant: string, startSeconds: number, endSeconds: number, log?: Logger,
  by: 'VariantName' | 'InferenceComponentName' = 'VariantName'): Promise<ShadowWindowMetrics> {
  const start = Math.floor(startSeconds / 60) * 60;
  const period = Math.max(60, Math.ceil((endSeconds - start) / 60) * 60);
  const queries = variantPairQueries('shadow', endpointName, { stable: stableVariant, candidate: candidateVariant }, METRICS, period, by);
  const values = new Map<string, number[]>();
  try {
    let token: string | undefined;
    do {
      const out = await cw.send(new GetMetricDataCommand({
        MetricDataQueries: queries, StartTime: new Date(start * 1000), EndTime: new Date((start + period) * 1000),
        NextToken: token,
      }));
      for (const r of out.MetricDataResults ?? []) {
        if (!r.Id) continue;
        values.set(r.Id, [...(values.get(r.Id) ?? []), ...(r.Values ?? []).filter((v) => Number.isFinite(v))]);
      }
      token = out.NextToken;
    } while (token);
  } catch (e) {
    log?.warn('shadow metrics unavailable: GetMetricData failed; the shadow gates wait', { error: e });
    return { stable: {}, candidate: {} };
  }
  const side = (s: RolloutSide): VariantWindowMetrics => {
    const inv = values.get(shadowQueryId(s, 'inv')) ?? [];
    const err = values.get(shadowQueryId(s, 'err')) ?? [];
    const lat = values.get(shadowQueryId(s, 'lat')) ?? [];
    const requests = inv.reduce((a, b) => a + b, 0);
    const errors = err.reduce((a, b) => a + b, 0);
    return {
      ...(inv.length > 0 ? { requests } : {}),
      ...(inv.length > 0 && requests > 0 ? { errorRate: errors / requests } : {}),
      // ModelLatency is in microseconds; over several datapoints the largest p99 (conservative).
      ...(lat.length > 0 ? { p99Ms: Math.max(...lat) / 1000 } : {}),
    };
  };
  return { stable: side('stable'), candidate: side('candidate') };
}
