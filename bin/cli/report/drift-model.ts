/**
 * A drift window's outputs (lambda/shared/drift-reports.ts: statistics.json, constraint_violations.json,
 * summary.json) and its baseline (statistics.json, constraints.json) as a DriftWindowReport. Distributions come from
 * the two statistics files (Model Monitor's format, so Model Monitor's own outputs work too); the statistic,
 * threshold and decision are recomputed from summary.json by the monitor's own comparison (lambda/core/monitoring);
 * the decision shown is the one the monitor recorded in constraint_violations.json. Every file is read defensively:
 * a missing or unreadable part leaves its field out and says so, it never stops the report. The decision has two
 * parts (docs/drift-statistics.md): the effect size and the test within the false-alarm budget; the report shows both
 * and which one decided.
 */
import type { DriftThresholds } from '../../../contracts/drift-monitor';
import type { ConstraintsFile, ConstraintViolation, FeatureStatistics, StatisticsFile } from '../../../contracts/model-monitor';
import {
  baselineFromStatisticsFile, compareWithBaseline, type FeatureDecision, type FeatureDrift, optionsFromConstraints, parseSummary,
  windowStatisticsFile,
} from '../../../lambda/core/monitoring';
import type { Bin, Distribution, DriftDecision, DriftWindowReport, FeatureReport } from './model';

export interface DriftWindowFiles {
  /** Where they were read (shown in the report). */
  readonly source: string;
  readonly baselineStatistics: unknown;
  readonly baselineConstraints?: unknown;
  readonly windowStatistics?: unknown;
  readonly violations?: unknown;
  readonly summary?: unknown;
  /** The monitor's decision overrides (effect sizes, false-alarm budget, minRecords), when they differ from the constraints'. */
  readonly thresholds?: DriftThresholds;
  readonly title?: string;
}

/** Display bins of a numeric feature. */
const NUMERIC_BINS = 30;
/** Categories drawn; the rest are summed as "(other)". */
const MAX_CATEGORIES = 12;

export function driftWindowReport(files: DriftWindowFiles): DriftWindowReport {
  const baseline = baselineFromStatisticsFile(files.baselineStatistics as StatisticsFile);
  const notes: string[] = [];
  let compared: ReturnType<typeof compareWithBaseline> | undefined;
  let windowStats = asStatistics(files.windowStatistics);
  try {
    if (files.summary !== undefined) {
      const summary = parseSummary(files.summary);
      compared = compareWithBaseline(baseline, summary,
        optionsFromConstraints(files.baselineConstraints as ConstraintsFile | undefined, files.thresholds ?? {}));
      windowStats ??= windowStatisticsFile(summary, baseline);
    }
  } catch (e) {
    notes.push(`summary.json was not used: ${(e as Error).message}`);
  }
  const violations = asViolations(files.violations);
  const baseStats = new Map((files.baselineStatistics as StatisticsFile).features.map((f) => [f.name, f]));
  const windowByName = new Map((windowStats?.features ?? []).map((f) => [f.name, f]));
  const driftByName = new Map((compared?.features ?? []).map((f) => [f.name, f]));
  const features = baseline.features.map((b): FeatureReport => {
    const own = violations?.filter((v) => v.feature_name === b.name) ?? [];
    const drift = driftByName.get(b.name);
    const recorded: DriftDecision | undefined = violations === undefined ? undefined
      : own.some((v) => v.constraint_check_type === 'baseline_drift_check') ? 'drift' : drift && !drift.decided ? 'not decided' : 'no drift';
    const recomputed = drift ? decisionOf(drift) : undefined;
    const [baseDist, curDist] = distributions(baseStats.get(b.name), windowByName.get(b.name));
    const note = recorded && recomputed && recorded !== recomputed
      ? `The monitor recorded ${recorded}; recomputing from summary.json with these thresholds gives ${recomputed}: ` +
        'pass the monitor\'s settings (--numeric-effect-size, --categorical-effect-size, --false-alarm-budget).' : undefined;
    return {
      name: b.name, kind: b.kind, source: b.source,
      baselineCount: b.count, currentCount: drift?.count ?? countOf(windowByName.get(b.name)),
      baseline: baseDist, current: curDist,
      ...(drift?.decision ? evidence(drift.decision) : {}),
      decision: recorded ?? recomputed ?? 'not decided',
      violations: own.map((v) => `${v.constraint_check_type}: ${v.description}`),
      ...(note ? { note } : {}),
    };
  });
  const names = new Set(baseline.features.map((f) => f.name));
  const window = (windowStats as StatisticsFile | undefined)?.cdk_mlops_window;
  return {
    title: files.title ?? 'Drift window',
    source: files.source,
    ...(compared ? { start: compared.start, end: compared.end } : window ? { start: window.start, end: window.end } : {}),
    ...(compared ? { records: compared.records, malformed: compared.malformed }
      : windowStats ? { records: windowStats.dataset?.item_count, ...(window ? { malformed: window.malformed_records } : {}) } : {}),
    features: [...features].sort(bySeverity),
    otherViolations: [
      // About no compared feature: not in the baseline, or not comparable in this window (missing, another type).
      ...(violations ?? []).filter((v) => !names.has(v.feature_name) || (compared && !driftByName.has(v.feature_name)))
        .map((v) => `${v.feature_name}: ${v.constraint_check_type}: ${v.description}`),
      ...(violations === undefined ? ['constraint_violations.json was not found: decisions are recomputed from summary.json.'] : []),
      ...notes,
    ],
  };
}

function decisionOf(f: FeatureDrift): DriftDecision {
  return !f.decided ? 'not decided' : f.drift ? 'drift' : 'no drift';
}

const EFFECT_NAMES: Record<FeatureDecision['effect']['statistic'], string> = {
  ks_distance: 'KS distance', psi: 'PSI', wasserstein_sd: 'Wasserstein distance (baseline SDs)',
  category_share: 'largest change of a category share',
};

const DECIDED_BY: Record<FeatureDecision['decidedBy'], (d: FeatureDecision) => string> = {
  'both': (d) => (d.drift ? 'both: at least the effect size, and significant' : 'both: below the effect size, and not significant'),
  'test': () => 'the test: at least the effect size, but not significant within the false-alarm budget',
  'effect-size': () => 'the effect size: significant, but smaller than the effect size',
};

/** The decision's two parts as the report shows them: the effect against its size, the test against the budget. */
function evidence(d: FeatureDecision): Pick<FeatureReport, 'statistic' | 'threshold' | 'test' | 'decidedBy'> {
  return {
    statistic: { name: EFFECT_NAMES[d.effect.statistic], value: d.effect.value },
    threshold: d.effect.size,
    test: {
      name: d.test.name === 'ks' ? 'two-sample KS' : 'chi-square', applicable: d.test.applicable,
      pValue: d.test.pValue, adjustedPValue: d.test.adjustedPValue, budget: d.test.budget,
    },
    decidedBy: DECIDED_BY[d.decidedBy](d),
  };
}

/** Drift first, then no drift, then not decided; within each, the statistic's excess over the threshold, largest first. */
function bySeverity(a: FeatureReport, b: FeatureReport): number {
  const rank = (f: FeatureReport) => (f.decision === 'drift' ? 0 : f.decision === 'no drift' ? 1 : 2);
  const ratio = (f: FeatureReport) => (f.statistic && f.threshold ? f.statistic.value / f.threshold : 0);
  return rank(a) - rank(b) || ratio(b) - ratio(a) || a.name.localeCompare(b.name);
}

function asStatistics(v: unknown): StatisticsFile | undefined {
  return v && typeof v === 'object' && Array.isArray((v as StatisticsFile).features) ? v as StatisticsFile : undefined;
}

function asViolations(v: unknown): ConstraintViolation[] | undefined {
  const list = (v as { violations?: unknown } | undefined)?.violations;
  return Array.isArray(list) ? list.filter((x) => x && typeof x.feature_name === 'string') : undefined;
}

function countOf(f: FeatureStatistics | undefined): number {
  return f?.numerical_statistics?.common?.num_present ?? f?.string_statistics?.common?.num_present ?? 0;
}

/** The baseline's and the window's distributions on the same display bins (numeric) or categories. */
export function distributions(base: FeatureStatistics | undefined, cur: FeatureStatistics | undefined): [Distribution, Distribution] {
  if (base?.string_statistics || cur?.string_statistics) {
    const shares = (f: FeatureStatistics | undefined) => {
      const buckets = f?.string_statistics?.distribution?.categorical?.buckets ?? [];
      const total = buckets.reduce((s, b) => s + b.count, 0);
      return new Map(buckets.map((b) => [b.value, total > 0 ? b.count / total : 0]));
    };
    const b = shares(base);
    const c = shares(cur);
    const labels = [...new Set([...b.keys(), ...c.keys()])]
      .sort((x, y) => Math.max(b.get(y) ?? 0, c.get(y) ?? 0) - Math.max(b.get(x) ?? 0, c.get(x) ?? 0) || x.localeCompare(y));
    const shown = labels.slice(0, MAX_CATEGORIES);
    const bars = (m: Map<string, number>) => {
      const out = shown.map((label) => ({ label, share: m.get(label) ?? 0 }));
      const rest = labels.slice(MAX_CATEGORIES).reduce((s, l) => s + (m.get(l) ?? 0), 0);
      return labels.length > MAX_CATEGORIES ? [...out, { label: '(other)', share: rest }] : out;
    };
    return [{ kind: 'categorical', bars: bars(b) }, { kind: 'categorical', bars: bars(c) }];
  }
  const kll = (f: FeatureStatistics | undefined) => f?.numerical_statistics?.distribution?.kll?.buckets ?? [];
  const all = [...kll(base), ...kll(cur)];
  if (all.length === 0) return [{ kind: 'numeric', bins: [] }, { kind: 'numeric', bins: [] }];
  const lo = Math.min(...all.map((k) => k.lower_bound));
  const hi = Math.max(...all.map((k) => k.upper_bound));
  return [{ kind: 'numeric', bins: rebin(kll(base), lo, hi) }, { kind: 'numeric', bins: rebin(kll(cur), lo, hi) }];
}

/**
 * Buckets of any widths (the baseline's quantile bins) spread over NUMERIC_BINS equal bins from lo to hi, each
 * bucket's count spread evenly over its width (a zero-width bucket, a point mass, goes whole into its bin).
 */
export function rebin(buckets: readonly { lower_bound: number; upper_bound: number; count: number }[], lo: number, hi: number,
  n = NUMERIC_BINS): Bin[] {
  const width = hi > lo ? (hi - lo) / n : 1;
  const counts = new Array<number>(n).fill(0);
  const binOf = (v: number) => Math.min(n - 1, Math.max(0, Math.floor((v - lo) / width)));
  for (const b of buckets) {
    if (!(b.count > 0)) continue;
    if (!(b.upper_bound > b.lower_bound)) {
      counts[binOf(b.lower_bound)] += b.count;
      continue;
    }
    for (let i = binOf(b.lower_bound); i <= binOf(b.upper_bound); i++) {
      const overlap = Math.min(b.upper_bound, lo + (i + 1) * width) - Math.max(b.lower_bound, lo + i * width);
      if (overlap > 0) counts[i] += (b.count * overlap) / (b.upper_bound - b.lower_bound);
    }
  }
  const total = counts.reduce((s, c) => s + c, 0);
  return counts.map((c, i) => ({ lo: lo + i * width, hi: lo + (i + 1) * width, share: total > 0 ? c / total : 0 }));
}
