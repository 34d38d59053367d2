/**
 * GetMetricData queries of a rollout's two variants (stable and candidate) for the same AWS/SageMaker metrics, as
 * the statistical gate and the shadow gates read them: one query per side and metric, with ids
 * `<prefix>_<s|c>_<key>` that name the side and the metric in the results.
 */
import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch';

export type RolloutSide = 'stable' | 'candidate';

/** One metric to read for both variants: its key in the query id, SageMaker's name and the statistic. */
export interface VariantPairMetric {
  readonly key: string;
  readonly name: string;
  readonly stat: string;
}

/** The query id of one side's metric: `<prefix>_<s|c>_<key>`. */
export function pairQueryId(prefix: string, side: RolloutSide, key: string): string {
  return `${prefix}_${side === 'stable' ? 's' : 'c'}_${key}`;
}

/** Both sides' queries, stable first, each metric in the order given, every one returning data. */
export function variantPairQueries(prefix: string, endpointName: string, variants: Readonly<Record<RolloutSide, string>>,
  metrics: readonly VariantPairMetric[], period: number, by: 'VariantName' | 'InferenceComponentName' = 'VariantName'): MetricDataQuery[] {
  // SageMaker publishes a component's invocation metrics with the InferenceComponentName dimension alone.
  const dimensions = (name: string) => by === 'VariantName'
    ? [{ Name: 'EndpointName', Value: endpointName }, { Name: 'VariantName', Value: name }] : [{ Name: by, Value: name }];
  return (['stable', 'candidate'] as const).flatMap((side) => metrics.map((m): MetricDataQuery => ({
    Id: pairQueryId(prefix, side, m.key),
    ReturnData: true,
    MetricStat: {
      Metric: { Namespace: 'AWS/SageMaker', MetricName: m.name, Dimensions: dimensions(variants[side]) },
      Period: period,
      Stat: m.stat,
    },
  })));
}
