import * as s3 from 'aws-cdk-lib/aws-s3';

/** How an outcome metric is measured per unit. */
export enum OutcomeKind {
  /** 0 or 1 per unit (conversion, click, correct prediction); compared as two proportions. */
  PROPORTION = 'proportion',
  /** Any number per unit (revenue, session length, absolute error); compared as two means. */
  MEAN = 'mean',
}

/** The test an A/B analysis runs. */
export enum AbTestMethod {
  /**
   * Mixture SPRT with always-valid p-values and confidence sequences (GrowthBook's parameterisation): valid however
   * often the decision is read, so the schedule can be frequent.
   */
  SEQUENTIAL = 'sequential',
  /** Two-proportion z-test or Welch's t-test: valid only when read once, at a sample size fixed in advance. */
  FIXED_HORIZON = 'fixed-horizon',
}

/** Correction for testing several metrics at once. */
export enum MultiplicityCorrection {
  /** Holm's step-down: family-wise error rate at alpha, never weaker than Bonferroni. */
  HOLM = 'holm',
  /** Bonferroni: each metric at alpha / metrics. */
  BONFERRONI = 'bonferroni',
  /** Benjamini–Hochberg: false discovery rate at alpha. */
  BENJAMINI_HOCHBERG = 'benjamini-hochberg',
  /** No correction (one metric, or a deliberate choice). */
  NONE = 'none',
}

/** One outcome metric of an A/B test. */
export interface AbMetric {
  /** The `metric` field of the outcome events that carry it. */
  readonly name: string;
  /**
   * How it is measured.
   * @default OutcomeKind.PROPORTION
   */
  readonly kind?: OutcomeKind;
  /**
   * Whether a larger value is better.
   * @default true
   */
  readonly higherIsBetter?: boolean;
  /**
   * The metric that decides "better"; the others are guardrails that can only make the verdict "worse".
   * @default - the first metric
   */
  readonly primary?: boolean;
  /**
   * CUPED variance reduction with the outcome events' `covariate` (the unit's pre-period value).
   * @default false
   */
  readonly cuped?: boolean;
}

/** Where outcome events are written: JSON lines `{"inferenceId", "metric", "value", "covariate"?}`. */
export interface OutcomeLocation {
  /** The bucket (typically the lake's ground-truth or curated zone). */
  readonly bucket: s3.IBucket;
  /**
   * Key prefix of this experiment's outcome files.
   * @default 'outcomes/<endpoint name>/'
   */
  readonly prefix?: string;
}
