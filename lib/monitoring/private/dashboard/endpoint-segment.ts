/**
 * The endpoint segment: traffic and the live share of requests of every variant, then one row per variant with its
 * errors, its latency and, next to them, the drift and the model quality of that same variant.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { IModelEndpoint } from '../../../serving/endpoint-base';
import type { GraphFactory } from '../../../private/dashboard/graph-factory';
import type { DriftMonitor } from '../../drift-monitor';
import type { ModelQualityMonitor } from '../../model-quality-monitor';
import { driftVariantGraph, qualityVariantGraph } from './monitor-widgets';

const GRID_WIDTH = 24;

export interface EndpointSegmentProps {
  readonly endpoint: IModelEndpoint;
  readonly variants: readonly string[];
  readonly drift?: DriftMonitor;
  readonly quality?: ModelQualityMonitor;
}

export function trafficWidgets(graph: GraphFactory, endpoint: IModelEndpoint, variants: readonly string[]): cloudwatch.IWidget[] {
  const invocations = variants.map((v) => endpoint.findVariant(v).metricInvocations({ label: v, period: Duration.minutes(1) }));
  const ids = variants.map((_, i) => `inv${i}`);
  const total = ids.join(' + ');
  return [
    graph({ title: 'Requests per variant (per minute)', left: invocations, width: 12 }),
    graph({
      title: 'Share of requests per variant (live weights), %',
      left: variants.map((v, i) => new cloudwatch.MathExpression({
        expression: `100 * ${ids[i]} / (${total})`,
        usingMetrics: Object.fromEntries(ids.map((id, j) => [id, invocations[j]])),
        label: v,
        period: Duration.minutes(1),
      })),
      leftYAxis: { min: 0, max: 100 },
      width: 12,
    }),
  ];
}

/** One row: the variant's 5XX/4XX rates, its latency percentiles, its drift and its quality (when monitored). */
export function variantRow(graph: GraphFactory, p: EndpointSegmentProps, variant: string): cloudwatch.IWidget[] {
  const v = p.endpoint.findVariant(variant);
  const drifted = p.drift?.variantNames.includes(variant) ? p.drift : undefined;
  const judged = p.quality?.variantNames.includes(variant) ? p.quality : undefined;
  const width = GRID_WIDTH / (2 + (drifted ? 1 : 0) + (judged ? 1 : 0));
  const row: cloudwatch.IWidget[] = [
    graph({
      title: `${variant}: 5XX rate (left), 4XX rate (right)`,
      left: [v.metric5xxErrorRate({ label: '5XX rate' })],
      right: [v.metric4xxErrorRate({ label: '4XX rate' })],
      width,
    }),
    graph({
      title: `${variant}: model latency (microseconds)`,
      left: ['p50', 'p90', 'p99'].map((statistic) => v.metricModelLatency({ statistic, label: statistic })),
      width,
    }),
  ];
  if (drifted) row.push(driftVariantGraph(graph, drifted.forVariant(variant), drifted.features.names, width));
  if (judged) row.push(qualityVariantGraph(graph, judged.forVariant(variant), judged.problemType._name, width));
  return row;
}
