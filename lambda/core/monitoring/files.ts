/**
 * Model Monitor's files from and to this library's baselines, summaries and reports: statistics.json (baseline
 * and per window), constraints.json (suggested from a baseline), constraint_violations.json, and the CloudWatch
 * metrics of a window under Model Monitor's names.
 */
import {
  DEFAULT_MONITORING_CONFIG, FEATURE_METRICS, WINDOW_METRICS,
  type ConstraintsFile, type ConstraintViolationsFile, type FeatureDefinition, type FeatureSchema, type FeatureStatistics, type StatisticsFile,
} from '../../../contracts/model-monitor';
import type { Baseline, FeatureBaseline, NumericBaseline } from './baseline';
import type { DriftReport } from './compare';
import type { DecidedBy, DriftEffect, DriftTest } from './drift-decision';
import { summaryStdDev, type WindowSummary } from './summary';

function bucketsOf(edges: readonly number[], counts: readonly number[], min: number, max: number) {
  const bounds = [min, ...edges, max];
  return counts.map((count, i) => ({ lower_bound: bounds[i], upper_bound: bounds[i + 1], count }));
}

/** statistics.json of a baseline; its KLL buckets are the baseline's quantile bins (first lower = min, last upper = max). */
export function baselineStatisticsFile(baseline: Baseline): StatisticsFile {
  return {
    version: 0,
    dataset: { item_count: baseline.itemCount },
    features: baseline.features.map((f): FeatureStatistics => {
      if (f.kind === 'categorical') {
        return {
          name: f.name, inferred_type: 'String',
          string_statistics: {
            common: { num_present: f.count, num_missing: f.missing }, distinct_count: Object.keys(f.counts).length,
            distribution: { categorical: { buckets: Object.entries(f.counts).map(([value, count]) => ({ value, count })) } },
          },
        };
      }
      return {
        name: f.name, inferred_type: f.integral ? 'Integral' : 'Fractional',
        numerical_statistics: {
          common: { num_present: f.count, num_missing: f.missing }, mean: f.mean, sum: f.sum, std_dev: f.stdDev, min: f.min, max: f.max,
          distribution: { kll: { buckets: bucketsOf(f.edges, f.counts, f.min, f.max) } },
        },
        cdk_mlops_decile_edges: f.decileEdges,
      };
    }),
  };
}

/**
 * A baseline from a statistics.json: this library's, or Model Monitor's own (its KLL buckets become the bins; PSI
 * then uses those buckets, as the deciles are unknown). `schema` gives each feature's source (input or output);
 * features missing from the file are an error.
 */
export function baselineFromStatisticsFile(file: StatisticsFile, schema?: FeatureSchema): Baseline {
  if (!file || !Array.isArray(file.features)) throw new Error('statistics.json has no features list');
  const byName = new Map(file.features.map((f) => [f.name, f]));
  const defs: readonly FeatureDefinition[] = schema
    ? schema.features
    : file.features.map((f) => ({ name: f.name, kind: f.string_statistics ? 'categorical' as const : 'numeric' as const }));
  const features = defs.map((def): FeatureBaseline => {
    const f = byName.get(def.name);
    if (!f) throw new Error(`statistics.json has no feature '${def.name}'`);
    const source = def.source ?? 'input';
    if (def.kind === 'categorical') {
      const s = f.string_statistics;
      if (!s) throw new Error(`statistics.json: feature '${def.name}' has no string_statistics`);
      const counts: Record<string, number> = {};
      for (const b of s.distribution?.categorical?.buckets ?? []) counts[b.value] = b.count;
      return { name: def.name, kind: 'categorical', source, count: s.common.num_present, missing: s.common.num_missing, counts };
    }
    const s = f.numerical_statistics;
    const buckets = s?.distribution?.kll?.buckets;
    if (!s || !buckets || buckets.length === 0) throw new Error(`statistics.json: feature '${def.name}' has no numerical_statistics.distribution.kll.buckets`);
    // The first bucket starts at the minimum; every later lower bound is an edge (a repeated one adds to its bin).
    const sorted = [...buckets].sort((a, b) => a.lower_bound - b.lower_bound || a.upper_bound - b.upper_bound);
    const edges: number[] = [];
    const counts: number[] = [sorted[0].count];
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i].lower_bound === edges[edges.length - 1]) {
        counts[counts.length - 1] += sorted[i].count;
      } else {
        edges.push(sorted[i].lower_bound);
        counts.push(sorted[i].count);
      }
    }
    const n: NumericBaseline = {
      name: def.name, kind: 'numeric', source, count: s.common.num_present, missing: s.common.num_missing, mean: s.mean,
      stdDev: s.std_dev, min: s.min, max: s.max, sum: s.sum, integral: f.inferred_type === 'Integral', edges, counts,
      decileEdges: f.cdk_mlops_decile_edges ?? [],
    };
    return n;
  });
  return { itemCount: file.dataset?.item_count ?? 0, features };
}

/** constraints.json suggested from a baseline (Model Monitor's defaults in monitoring_config). */
export function suggestConstraints(baseline: Baseline): ConstraintsFile {
  return {
    version: 0,
    features: baseline.features.map((f) => {
      const completeness = f.count + f.missing > 0 ? f.count / (f.count + f.missing) : 1;
      if (f.kind === 'numeric') {
        return { name: f.name, inferred_type: f.integral ? 'Integral' : 'Fractional', completeness, num_constraints: { is_non_negative: f.min >= 0 } };
      }
      const domains = Object.keys(f.counts);
      return { name: f.name, inferred_type: 'String', completeness, ...(domains.length <= 100 ? { string_constraints: { domains } } : {}) };
    }),
    monitoring_config: DEFAULT_MONITORING_CONFIG,
  };
}

/** statistics.json of one window (this library adds the window's span and malformed count). */
export function windowStatisticsFile(summary: WindowSummary, baseline: Baseline): StatisticsFile {
  return {
    version: 0,
    dataset: { item_count: summary.records },
    features: baseline.features.map((b): FeatureStatistics => {
      const w = summary.features[b.name];
      if (!w) return { name: b.name, inferred_type: 'Unknown' };
      if (w.kind === 'categorical') {
        return {
          name: b.name, inferred_type: 'String',
          string_statistics: {
            common: { num_present: w.count, num_missing: w.missing }, distinct_count: Object.keys(w.counts).length + (w.overflow > 0 ? 1 : 0),
            distribution: { categorical: { buckets: Object.entries(w.counts).map(([value, count]) => ({ value, count })) } },
          },
        };
      }
      const edges = b.kind === 'numeric' ? b.edges : [];
      return {
        name: b.name, inferred_type: b.kind === 'numeric' && b.integral ? 'Integral' : 'Fractional',
        numerical_statistics: {
          common: { num_present: w.count, num_missing: w.missing + w.invalid }, mean: w.count ? w.mean : 0, sum: w.mean * w.count,
          std_dev: summaryStdDev(w), min: w.count ? w.min : 0, max: w.count ? w.max : 0,
          distribution: { kll: { buckets: w.count ? bucketsOf(edges, w.counts, Math.min(w.min, edges[0] ?? w.min), Math.max(w.max, edges[edges.length - 1] ?? w.max)) : [] } },
        },
      };
    }),
    cdk_mlops_window: { start: summary.start, end: summary.end, malformed_records: summary.malformed },
  };
}

export function violationsFile(report: DriftReport): ConstraintViolationsFile {
  return { violations: report.violations };
}

/** One feature's decision in summary.json: which part decided ('min-records': too few values to decide). */
export interface FeatureDecisionRecord {
  readonly name: string;
  readonly drift: boolean;
  readonly decidedBy: DecidedBy | 'min-records';
  readonly effect?: DriftEffect;
  readonly test?: DriftTest;
}

/** summary.json: the window's mergeable summary, and the decision of each feature (merging ignores it). */
export interface WindowReportSummary extends WindowSummary {
  readonly decision: {
    /** The budget, spent across the window's tested features with Holm's method. */
    readonly falseAlarmBudget: number;
    readonly testedFeatures: number;
    readonly features: readonly FeatureDecisionRecord[];
  };
}

export function windowReportSummary(summary: WindowSummary, report: DriftReport): WindowReportSummary {
  return {
    ...summary,
    decision: {
      falseAlarmBudget: report.falseAlarmBudget, testedFeatures: report.testedFeatures,
      features: report.features.map((f) => (f.decision
        ? { name: f.name, drift: f.drift, decidedBy: f.decision.decidedBy, effect: f.decision.effect, test: f.decision.test }
        : { name: f.name, drift: false, decidedBy: 'min-records' })),
    },
  };
}

/** One metric datum (CloudWatch PutMetricData / EMF), without dimensions (the handler adds them). */
export interface MetricDatum {
  readonly name: string;
  readonly value: number;
  readonly unit: 'None' | 'Count' | 'Percent';
}

/** The window's metrics under Model Monitor's names (and this library's, see FEATURE_METRICS). */
export function reportMetrics(report: DriftReport): MetricDatum[] {
  const out: MetricDatum[] = [
    { name: WINDOW_METRICS.records, value: report.records, unit: 'Count' },
    { name: WINDOW_METRICS.malformed, value: report.malformed, unit: 'Count' },
    { name: WINDOW_METRICS.violations, value: report.violations.length, unit: 'Count' },
    { name: WINDOW_METRICS.driftedFeatures, value: report.features.filter((f) => f.drift).length, unit: 'Count' },
  ];
  for (const f of report.features) {
    const total = f.count + f.missing + f.invalid;
    if (total > 0) out.push({ name: FEATURE_METRICS.nonNull(f.name), value: f.count / total, unit: 'None' });
    if (!f.decision) continue;
    out.push({ name: FEATURE_METRICS.baselineDrift(f.name), value: f.decision.effect.value, unit: 'None' });
    out.push({ name: FEATURE_METRICS.driftDetected(f.name), value: f.drift ? 1 : 0, unit: 'Count' });
    if (f.numeric) {
      out.push({ name: FEATURE_METRICS.psi(f.name), value: f.numeric.psi, unit: 'None' });
      out.push({ name: FEATURE_METRICS.wasserstein(f.name), value: f.numeric.wasserstein, unit: 'None' });
      out.push({ name: FEATURE_METRICS.pValue(f.name), value: f.numeric.pValue, unit: 'None' });
    }
    if (f.categorical) {
      out.push({ name: FEATURE_METRICS.jensenShannon(f.name), value: f.categorical.jensenShannon, unit: 'None' });
      if (f.categorical.chiSquare) out.push({ name: FEATURE_METRICS.pValue(f.name), value: f.categorical.chiSquare.pvalue, unit: 'None' });
    }
  }
  return out;
}
