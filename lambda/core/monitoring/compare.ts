/**
 * A window compared with its baseline, feature by feature (inputs: data drift; outputs: prediction drift): the
 * distances and tests of each feature (numeric-drift.ts, categorical-drift.ts), the window's drift decision
 * (drift-decision.ts: significant within the false-alarm budget, Holm over the window's features, and at least the
 * effect size), and Model Monitor's constraint violations. Pure.
 */
import { DRIFT_DECISION_DEFAULTS, type NumericEffect } from '../../../contracts/drift-monitor';
import type { ConstraintViolation, ConstraintsFile, FeatureSource, MonitoringConfig } from '../../../contracts/model-monitor';
import type { Baseline } from './baseline';
import { categoricalDistances, type CategoricalDistances } from './categorical-drift';
import { decideWindow, describeDecision, type DecisionInput, type FeatureDecision } from './drift-decision';
import { numericDistances, type NumericDistances } from './numeric-drift';
import type { WindowSummary } from './summary';

export interface DriftOptions {
  /** Smallest numeric change that matters. Default: a KS distance of 0.1 (Model Monitor's comparison_threshold). */
  readonly numericEffect?: NumericEffect;
  /** Smallest change of a category's share that matters. Default 0.1 (10 points). */
  readonly categoricalEffect?: number;
  /** Largest share of no-change windows that may be flagged (across the window's features, Holm). Default 0.01. */
  readonly falseAlarmBudget?: number;
  /** Fewest present values for a decision; fewer gives no decision (and no violation). Default 20. */
  readonly minRecords?: number;
  /** Share of invalid values above which a data_type_check violation is raised. Default 0.1. */
  readonly datatypeThreshold?: number;
  /** Share of values outside the baseline's categories above which categorical_values_check fires. Default 0.1. */
  readonly domainThreshold?: number;
  /** Fall in completeness (share of records with the value) beyond which completeness_check fires. Default 0.1. */
  readonly completenessDrop?: number;
}

export interface FeatureDrift {
  readonly name: string;
  readonly kind: 'numeric' | 'categorical';
  readonly source: FeatureSource;
  readonly count: number;
  readonly missing: number;
  readonly invalid: number;
  /** Whether the window had enough values for a decision. */
  readonly decided: boolean;
  readonly drift: boolean;
  /** The decision's two parts and which one decided (when decided). */
  readonly decision?: FeatureDecision;
  readonly numeric?: NumericDistances;
  readonly categorical?: CategoricalDistances;
}

export interface DriftReport {
  readonly start: string;
  readonly end: string;
  readonly records: number;
  readonly malformed: number;
  /** The budget the window's decisions spent, and over how many features (Holm's family). */
  readonly falseAlarmBudget: number;
  readonly testedFeatures: number;
  readonly features: readonly FeatureDrift[];
  readonly violations: readonly ConstraintViolation[];
}

/**
 * Options from a constraints.json's monitoring_config: comparison_threshold is the numeric effect size (a KS
 * distance), categorical_comparison_threshold the categorical one; comparison_method and categorical_drift_method
 * are not read (the decision always tests: KS for numbers, chi-square for categories).
 */
export function optionsFromConstraints(constraints: ConstraintsFile | undefined, overrides: DriftOptions = {}): DriftOptions {
  const mc: MonitoringConfig = constraints?.monitoring_config ?? {};
  const dc = mc.distribution_constraints ?? {};
  const numeric = dc.comparison_threshold;
  const categorical = dc.categorical_comparison_threshold ?? numeric;
  return {
    ...(numeric !== undefined ? { numericEffect: { statistic: 'ks_distance', size: numeric } } : {}),
    ...(categorical !== undefined ? { categoricalEffect: categorical } : {}),
    ...(mc.datatype_check_threshold !== undefined ? { datatypeThreshold: mc.datatype_check_threshold } : {}),
    ...(mc.domain_content_threshold !== undefined ? { domainThreshold: mc.domain_content_threshold } : {}),
    ...overrides,
  };
}

const fmt = (x: number) => Number(x.toPrecision(6)).toString();

/** The effect a numeric window shows in the chosen statistic. */
function numericEffectValue(d: NumericDistances, e: NumericEffect): number {
  return e.statistic === 'psi' ? d.psi : e.statistic === 'wasserstein_sd' ? d.wasserstein : d.ksDistance;
}

/** What one baseline feature gives the window: a schema violation, or the feature's distances and decision input. */
interface Evidence {
  readonly drift?: Omit<FeatureDrift, 'drift' | 'decision'>;
  readonly input?: DecisionInput;
  readonly schemaViolation?: ConstraintViolation;
}

export function compareWithBaseline(baseline: Baseline, window: WindowSummary, options: DriftOptions = {}): DriftReport {
  const numericEffect = options.numericEffect ?? DRIFT_DECISION_DEFAULTS.numericEffect;
  const categoricalEffect = options.categoricalEffect ?? DRIFT_DECISION_DEFAULTS.categoricalEffect;
  const budget = options.falseAlarmBudget ?? DRIFT_DECISION_DEFAULTS.falseAlarmBudget;
  const minRecords = options.minRecords ?? DRIFT_DECISION_DEFAULTS.minRecords;
  const domainThreshold = options.domainThreshold ?? 0.1;
  const evidence: Evidence[] = [];
  for (const b of baseline.features) {
    const w = window.features[b.name];
    if (!w) {
      evidence.push({ schemaViolation: { feature_name: b.name, constraint_check_type: 'missing_column_check', description: `Feature ${b.name} is in the baseline but not in the window's summary` } });
      continue;
    }
    const base = { name: b.name, source: b.source, count: w.count, missing: w.missing, decided: w.count >= minRecords && b.count > 0 };
    if (b.kind === 'numeric' && w.kind === 'numeric') {
      const d = w.count > 0 && b.count > 0 ? numericDistances(b, w) : undefined;
      evidence.push({
        drift: { ...base, kind: 'numeric', invalid: w.invalid, ...(d ? { numeric: d } : {}) },
        ...(d && base.decided ? { input: {
          effect: { statistic: numericEffect.statistic, value: numericEffectValue(d, numericEffect), size: numericEffect.size },
          test: { name: 'ks', applicable: true, pValue: d.pValue },
        } } : {}),
      });
    } else if (b.kind === 'categorical' && w.kind === 'categorical') {
      const d = w.count > 0 && b.count > 0 ? categoricalDistances(b, w) : undefined;
      evidence.push({
        drift: { ...base, kind: 'categorical', invalid: 0, ...(d ? { categorical: d } : {}) },
        ...(d && base.decided ? { input: {
          effect: { statistic: 'category_share', value: d.maxShareChange, size: categoricalEffect },
          test: { name: 'chi-square', applicable: d.chiSquare !== undefined, pValue: d.chiSquare?.pvalue ?? 1 },
        } } : {}),
      });
    } else {
      evidence.push({ schemaViolation: { feature_name: b.name, constraint_check_type: 'data_type_check', description: `Feature ${b.name} is ${b.kind} in the baseline and ${w.kind} in the window` } });
    }
  }
  const tested = evidence.filter((e) => e.input);
  const verdicts = decideWindow(tested.map((e) => e.input!), budget);
  const decisions = new Map(tested.map((e, i) => [e, verdicts[i]] as const));
  const violations: ConstraintViolation[] = [];
  const features: FeatureDrift[] = [];
  for (const e of evidence) {
    if (!e.drift) {
      violations.push(e.schemaViolation!);
      continue;
    }
    const decision = decisions.get(e);
    const f: FeatureDrift = { ...e.drift, drift: decision?.drift ?? false, ...(decision ? { decision } : {}) };
    const b = baseline.features.find((x) => x.name === f.name)!;
    features.push(f);
    const unknown = f.categorical?.unknownShare ?? 0;
    if (f.decided && unknown > domainThreshold) {
      violations.push({ feature_name: f.name, constraint_check_type: 'categorical_values_check', description: `Share of values outside the baseline's categories ${fmt(unknown)} exceeds ${domainThreshold}` });
    }
    if (decision?.drift) {
      violations.push({
        feature_name: f.name, constraint_check_type: 'baseline_drift_check',
        description: `Baseline drift: ${describeDecision(decision, tested.length)} (${f.count} values against ${b.count})`,
      });
    }
    violations.push(...dataChecks(f, b, options, minRecords));
  }
  return {
    start: window.start, end: window.end, records: window.records, malformed: window.malformed,
    falseAlarmBudget: budget, testedFeatures: tested.length, features, violations,
  };
}

/** Model Monitor's data_type_check and completeness_check of one feature's window. */
function dataChecks(f: FeatureDrift, b: Baseline['features'][number], options: DriftOptions, minRecords: number): ConstraintViolation[] {
  const out: ConstraintViolation[] = [];
  const datatypeThreshold = options.datatypeThreshold ?? 0.1;
  const completenessDrop = options.completenessDrop ?? 0.1;
  const total = f.count + f.missing + f.invalid;
  if (f.decided && total > 0 && f.invalid / total > datatypeThreshold) {
    out.push({ feature_name: f.name, constraint_check_type: 'data_type_check', description: `Share of values that are not numbers ${fmt(f.invalid / total)} exceeds ${datatypeThreshold}` });
  }
  const baseCompleteness = b.count / (b.count + b.missing || 1);
  const completeness = total > 0 ? f.count / total : 0;
  if (total >= minRecords && completeness < baseCompleteness - completenessDrop) {
    out.push({ feature_name: f.name, constraint_check_type: 'completeness_check', description: `Completeness ${fmt(completeness)} is below the baseline's ${fmt(baseCompleteness)} by more than ${completenessDrop}` });
  }
  return out;
}
