/**
 * A window compared with its baseline, feature by feature (inputs: data drift; outputs: prediction drift), and the
 * sample-size-aware decision. The decision is Model Monitor's: drift when the distance exceeds the threshold, the
 * distance being `linf_robust` by default, i.e. the KS L∞ distance less the noise allowance c·sqrt((n+m)/(nm)), so
 * a quiet endpoint does not alarm on chance and a busy one only on a shift of practical size (the threshold).
 * With c = 1.8 the false-alarm probability of a feature's window is below 2·exp(-2c²) ≈ 0.31% at any sample size
 * (the Dvoretzky–Kiefer–Wolfowitz bound); README states the budget and `npm run bench -- drift-calibration` measures it.
 */
import type { ConstraintViolation, ConstraintsFile, FeatureSource, MonitoringConfig } from '../../../contracts/model-monitor';
import { DEFAULT_MONITORING_CONFIG } from '../../../contracts/model-monitor';
import { LINF_ROBUST_DEFAULT_C } from '../stats';
import type { Baseline } from './baseline';
import { categoricalDistances, type CategoricalDistances } from './categorical-drift';
import { numericDistances, type NumericDistances } from './numeric-drift';
import type { WindowSummary } from './summary';

export interface DriftOptions {
  /** KS / L∞ threshold for numeric features. Default 0.1 (Model Monitor's comparison_threshold). */
  readonly threshold?: number;
  /** L∞ threshold for categorical features. Default: threshold. */
  readonly categoricalThreshold?: number;
  /** 'robust' (linf_robust, default) or 'simple' (linf_simple: no allowance for sample size). */
  readonly method?: 'robust' | 'simple';
  /** 'linf' (default) or 'chisquare' (categorical: chi-square p < alpha and L∞ > threshold, linf_robust where chi-square cannot apply). */
  readonly categoricalMethod?: 'linf' | 'chisquare';
  /** c of linf_robust. Default 1.8 (Model Monitor's). */
  readonly c?: number;
  /** False-alarm probability of the PSI noise band and the chi-square test. Default 0.001. */
  readonly alpha?: number;
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
  /** The metric compared with the threshold (`feature_baseline_drift_<name>`). */
  readonly distance: number;
  readonly threshold: number;
  /** Whether the window had enough values for a decision. */
  readonly decided: boolean;
  readonly drift: boolean;
  readonly numeric?: NumericDistances;
  readonly categorical?: CategoricalDistances;
}

export interface DriftReport {
  readonly start: string;
  readonly end: string;
  readonly records: number;
  readonly malformed: number;
  readonly features: readonly FeatureDrift[];
  readonly violations: readonly ConstraintViolation[];
}

/** Options from a constraints.json's monitoring_config (missing fields at Model Monitor's defaults). */
export function optionsFromConstraints(constraints: ConstraintsFile | undefined, overrides: DriftOptions = {}): DriftOptions {
  const mc: MonitoringConfig = constraints?.monitoring_config ?? {};
  const dc = mc.distribution_constraints ?? {};
  const method = dc.comparison_method ?? DEFAULT_MONITORING_CONFIG.distribution_constraints.comparison_method;
  return {
    threshold: dc.comparison_threshold ?? DEFAULT_MONITORING_CONFIG.distribution_constraints.comparison_threshold,
    categoricalThreshold: dc.categorical_comparison_threshold ?? dc.comparison_threshold,
    method: method === 'Simple' || method === 'linf_simple' ? 'simple' : 'robust',
    categoricalMethod: dc.categorical_drift_method === 'ChiSquared' ? 'chisquare' : 'linf',
    datatypeThreshold: mc.datatype_check_threshold,
    domainThreshold: mc.domain_content_threshold,
    ...overrides,
  };
}

const fmt = (x: number) => Number(x.toPrecision(6)).toString();

export function compareWithBaseline(baseline: Baseline, window: WindowSummary, options: DriftOptions = {}): DriftReport {
  const threshold = options.threshold ?? 0.1;
  const catThreshold = options.categoricalThreshold ?? threshold;
  const c = options.c ?? LINF_ROBUST_DEFAULT_C;
  const alpha = options.alpha ?? 0.001;
  const minRecords = options.minRecords ?? 20;
  const robust = (options.method ?? 'robust') === 'robust';
  const violations: ConstraintViolation[] = [];
  const features: FeatureDrift[] = [];
  for (const b of baseline.features) {
    const w = window.features[b.name];
    if (!w) {
      violations.push({ feature_name: b.name, constraint_check_type: 'missing_column_check', description: `Feature ${b.name} is in the baseline but not in the window's summary` });
      continue;
    }
    const invalid = w.kind === 'numeric' ? w.invalid : 0;
    const decided = w.count >= minRecords && b.count > 0;
    let feature: FeatureDrift;
    if (b.kind === 'numeric' && w.kind === 'numeric') {
      const d = w.count > 0 && b.count > 0 ? numericDistances(b, w, { c, alpha }) : undefined;
      const distance = d ? (robust ? d.linfRobust : d.linfSimple) : 0;
      feature = { name: b.name, kind: 'numeric', source: b.source, count: w.count, missing: w.missing, invalid, distance, threshold, decided, drift: decided && distance > threshold, ...(d ? { numeric: d } : {}) };
    } else if (b.kind === 'categorical' && w.kind === 'categorical') {
      const d = w.count > 0 && b.count > 0 ? categoricalDistances(b, w, c) : undefined;
      const distance = d ? (robust ? d.linfRobust : d.linfSimple) : 0;
      let drift = decided && distance > catThreshold;
      if (d && decided && options.categoricalMethod === 'chisquare' && d.chiSquare) drift = d.chiSquare.pvalue < alpha && d.linfSimple > catThreshold;
      feature = { name: b.name, kind: 'categorical', source: b.source, count: w.count, missing: w.missing, invalid: 0, distance, threshold: catThreshold, decided, drift, ...(d ? { categorical: d } : {}) };
      if (d && decided && d.unknownShare > (options.domainThreshold ?? 0.1)) {
        violations.push({ feature_name: b.name, constraint_check_type: 'categorical_values_check', description: `Share of values outside the baseline's categories ${fmt(d.unknownShare)} exceeds ${options.domainThreshold ?? 0.1}` });
      }
    } else {
      violations.push({ feature_name: b.name, constraint_check_type: 'data_type_check', description: `Feature ${b.name} is ${b.kind} in the baseline and ${w.kind} in the window` });
      continue;
    }
    features.push(feature);
    if (feature.drift) {
      violations.push({
        feature_name: b.name, constraint_check_type: 'baseline_drift_check',
        description: `Baseline drift distance: ${fmt(feature.distance)} exceeds threshold: ${feature.threshold} (${robust ? 'linf_robust' : 'linf_simple'}, ${w.count} values against ${b.count})`,
      });
    }
    const total = w.count + w.missing + invalid;
    if (decided && total > 0 && invalid / total > (options.datatypeThreshold ?? 0.1)) {
      violations.push({ feature_name: b.name, constraint_check_type: 'data_type_check', description: `Share of values that are not numbers ${fmt(invalid / total)} exceeds ${options.datatypeThreshold ?? 0.1}` });
    }
    const baseCompleteness = b.count / (b.count + b.missing || 1);
    const completeness = total > 0 ? w.count / total : 0;
    if (total >= minRecords && completeness < baseCompleteness - (options.completenessDrop ?? 0.1)) {
      violations.push({ feature_name: b.name, constraint_check_type: 'completeness_check', description: `Completeness ${fmt(completeness)} is below the baseline's ${fmt(baseCompleteness)} by more than ${options.completenessDrop ?? 0.1}` });
    }
  }
  return { start: window.start, end: window.end, records: window.records, malformed: window.malformed, features, violations };
}
