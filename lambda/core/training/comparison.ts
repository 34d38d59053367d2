/**
 * Champion/challenger on one holdout (pure): per-row losses of both models on the same rows, a one-sided paired
 * t-test of "the challenger's loss is lower than the champion's by more than the margin", and the approval that
 * follows from it.
 */
import { studentTSurvival } from './student-t';

/** Per-row loss of a prediction. */
export type LossKind = 'log-loss' | 'squared-error' | 'absolute-error' | 'error-rate';

/** Settings of the comparison (rendered by RetrainingPipeline into the register handler's environment). */
export interface ComparisonConfig {
  readonly loss: LossKind;
  /** The challenger must lower the mean loss by more than this (in the loss's units). */
  readonly margin: number;
  /** One-sided significance level of the paired test. */
  readonly alpha: number;
  /** 'manual': register as PendingManualApproval always; 'automatic': approve when the challenger wins. */
  readonly approval: 'manual' | 'automatic';
  /** Fewest paired holdout rows the test accepts. */
  readonly minRows: number;
}

/** One holdout row scored by both models. */
export interface PairedRow {
  readonly label: number;
  readonly champion: number;
  readonly challenger: number;
}

export interface ComparisonResult {
  readonly rows: number;
  /** Mean loss of each model on the holdout. */
  readonly championLoss: number;
  readonly challengerLoss: number;
  /** Mean of champion − challenger loss (positive: the challenger is better). */
  readonly meanImprovement: number;
  readonly margin: number;
  readonly tStatistic: number;
  readonly pValue: number;
  /** The challenger beats the champion by more than the margin at level alpha. */
  readonly challengerWins: boolean;
}

export type ApprovalStatus = 'Approved' | 'PendingManualApproval' | 'Rejected';

export interface ApprovalDecision {
  readonly status: ApprovalStatus;
  readonly reason: string;
}

const EPS = 1e-15;

/** The loss of one prediction. */
export function rowLoss(kind: LossKind, label: number, prediction: number): number {
  switch (kind) {
    case 'log-loss': {
      const p = Math.min(1 - EPS, Math.max(EPS, prediction));
      return -(label * Math.log(p) + (1 - label) * Math.log(1 - p));
    }
    case 'squared-error': return (label - prediction) ** 2;
    case 'absolute-error': return Math.abs(label - prediction);
    case 'error-rate': {
      // A probability of the positive class (binary) is thresholded at 0.5; otherwise the prediction is a class.
      const cls = (label === 0 || label === 1) && prediction >= 0 && prediction <= 1 ? (prediction >= 0.5 ? 1 : 0) : Math.round(prediction);
      return cls === label ? 0 : 1;
    }
  }
}

/** Paired one-sided t-test of H1: mean(champion loss − challenger loss) > margin. */
export function compare(rows: readonly PairedRow[], config: Pick<ComparisonConfig, 'loss' | 'margin' | 'alpha'>): ComparisonResult {
  const n = rows.length;
  if (n < 2) throw new Error(`compare: ${n} paired holdout rows; the paired test needs at least 2`);
  let sumA = 0;
  let sumB = 0;
  const d: number[] = [];
  for (const r of rows) {
    const a = rowLoss(config.loss, r.label, r.champion);
    const b = rowLoss(config.loss, r.label, r.challenger);
    sumA += a; sumB += b; d.push(a - b);
  }
  const mean = d.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  let t: number;
  if (sd === 0) t = mean > config.margin ? Infinity : mean < config.margin ? -Infinity : 0;
  else t = (mean - config.margin) / (sd / Math.sqrt(n));
  const pValue = sd === 0 && mean === config.margin ? 1 : studentTSurvival(t, n - 1);
  return {
    rows: n, championLoss: sumA / n, challengerLoss: sumB / n, meanImprovement: mean, margin: config.margin,
    tStatistic: t, pValue, challengerWins: pValue < config.alpha,
  };
}

/** What status a newly registered challenger gets. */
export function approvalFor(result: ComparisonResult | undefined, config: Pick<ComparisonConfig, 'approval' | 'alpha'>): ApprovalDecision {
  if (!result) {
    return { status: 'PendingManualApproval', reason: 'no approved champion to compare with: the first version is approved by a person' };
  }
  const summary = `mean loss ${fmt(result.challengerLoss)} vs champion ${fmt(result.championLoss)} on ${result.rows} holdout rows; improvement ${fmt(result.meanImprovement)} vs margin ${fmt(result.margin)}, p=${fmt(result.pValue)} (alpha ${config.alpha})`;
  if (config.approval === 'automatic' && result.challengerWins) {
    return { status: 'Approved', reason: `automatic: the challenger beats the champion by the margin (${summary})` };
  }
  if (config.approval === 'automatic') {
    // Kept for the record and for a person to approve anyway; never served without that.
    return { status: 'PendingManualApproval', reason: `automatic approval declined: the challenger does not beat the champion by the margin (${summary})` };
  }
  return { status: 'PendingManualApproval', reason: `manual approval (${result.challengerWins ? 'challenger wins' : 'challenger does not win'}: ${summary})` };
}

function fmt(x: number): string {
  return Number.isFinite(x) ? Number(x.toPrecision(4)).toString() : String(x);
}
