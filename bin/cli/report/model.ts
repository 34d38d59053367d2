/**
 * What the HTML reports show, in one place: a drift window (per feature the baseline and current distributions, the
 * statistic, the threshold and the decision) and a rollout timeline (weights, signals, the decision that ended it).
 * Builders (drift-model.ts, rollout-model.ts) fill it from files; renderers (html.ts, timeline-svg.ts,
 * distribution-svg.ts) only draw it. A field the monitor starts to write (e.g. which part of the drift decision
 * decided) is added here, read in the builder, and drawn by the renderer.
 */

/** Share of values per display bin of a numeric feature. */
export interface Bin {
  readonly lo: number;
  readonly hi: number;
  readonly share: number;
}

export type Distribution =
  | { readonly kind: 'numeric'; readonly bins: readonly Bin[] }
  | { readonly kind: 'categorical'; readonly bars: readonly { readonly label: string; readonly share: number }[] };

export type DriftDecision = 'drift' | 'no drift' | 'not decided';

export interface FeatureReport {
  readonly name: string;
  readonly kind: 'numeric' | 'categorical';
  /** input (data drift) or output (prediction drift). */
  readonly source: string;
  readonly baselineCount: number;
  readonly currentCount: number;
  /** Both on the same display bins or categories. */
  readonly baseline: Distribution;
  readonly current: Distribution;
  /** The effect statistic compared with the effect size, when the window's summary was there to compute it. */
  readonly statistic?: { readonly name: string; readonly value: number };
  /** The effect size: the smallest change that matters. */
  readonly threshold?: number;
  /** The test: its p-value, adjusted across the window's features (Holm), against the false-alarm budget. */
  readonly test?: {
    readonly name: string;
    /** False when the test could not run (e.g. too few expected counts for chi-square): p-value 1. */
    readonly applicable: boolean;
    readonly pValue: number;
    readonly adjustedPValue: number;
    readonly budget: number;
  };
  /** The decision the monitor recorded (constraint_violations.json), else the one recomputed from summary.json. */
  readonly decision: DriftDecision;
  /** Which part of the decision decided it: both parts, the test, or the effect size. */
  readonly decidedBy?: string;
  /** This feature's constraint violations (descriptions), as recorded. */
  readonly violations: readonly string[];
  /** A disagreement worth reading (e.g. the recomputed decision differs from the recorded one). */
  readonly note?: string;
}

export interface DriftWindowReport {
  readonly title: string;
  /** Where the files came from (a folder or an s3:// prefix). */
  readonly source: string;
  readonly start?: string;
  readonly end?: string;
  readonly records?: number;
  readonly malformed?: number;
  /** Most severe first: drift (largest statistic over threshold first), no drift, not decided. */
  readonly features: readonly FeatureReport[];
  /** Violations not about one compared feature (missing columns, type changes), as recorded. */
  readonly otherViolations: readonly string[];
}

/** The candidate's share the controller had ordered (and, in a simulation, had live) from the previous point until `second`. */
export interface WeightPoint {
  readonly second: number;
  readonly orderedPercent: number;
  readonly livePercent?: number;
}

export type SignalSource = 'alarm' | 'metric-guard' | 'probe' | 'gate' | 'hook' | 'operator' | 'deploy' | 'traffic' | 'other';

export interface TimelineSignal {
  readonly second: number;
  readonly source: SignalSource;
  readonly label: string;
}

export interface TimelineEvent {
  readonly second: number;
  readonly kind: string;
  readonly reason: string;
}

export interface RolloutTimeline {
  readonly title: string;
  /** Lines under the title (strategy, variants, candidate model, ...). */
  readonly facts: readonly string[];
  /** Seconds of data available (the axis never goes past it). */
  readonly dataSeconds: number;
  readonly weights: readonly WeightPoint[];
  /** Error rates users saw, per bucket, when known (simulations). */
  readonly errors?: {
    readonly bucketSeconds: number;
    readonly stable: ReadonlyArray<number | undefined>;
    readonly candidate: ReadonlyArray<number | undefined>;
    readonly threshold: number;
  };
  /** Seconds during which the candidate ran as a shadow. */
  readonly shadow?: { readonly from: number; readonly to: number };
  readonly events: readonly TimelineEvent[];
  readonly signals: readonly TimelineSignal[];
  /** The signal that decided the end (marked on the chart), when the end was decided by one. */
  readonly deciding?: TimelineSignal;
  /** The decision that ended the rollout, when it ended. */
  readonly end?: { readonly second: number; readonly kind: string; readonly outcome: string; readonly cause?: string; readonly reason: string };
  /** Events from outside the rollout (an injected stack rollback, ...), each a labelled vertical line. */
  readonly markers?: readonly TimelineMarker[];
}

export interface TimelineMarker {
  readonly second: number;
  readonly label: string;
}

/** The time axis of a timeline: the rollout and a short tail after its end, not the run's whole horizon. */
export function axisEnd(t: Pick<RolloutTimeline, 'dataSeconds' | 'end' | 'markers'>): number {
  if (!t.end) return Math.max(1, t.dataSeconds);
  // A marker after the end (a stack rollback after the promotion) stays on the axis.
  const last = Math.max(t.end.second, ...(t.markers ?? []).map((m) => m.second));
  const tail = Math.max(30, Math.ceil(last * 0.1));
  return Math.max(1, Math.min(t.dataSeconds, last + tail));
}

/** Which kind of signal an end cause names (lambda/core/rollout EndCause). */
export function causeSource(cause: string | undefined): SignalSource | undefined {
  switch (cause) {
    case 'ALARM': return 'alarm';
    case 'PROBE': return 'probe';
    case 'STATISTICAL_GATE':
    case 'SHADOW_GATE': return 'gate';
    case 'PRE_TRAFFIC_HOOK_FAILED':
    case 'POST_TRAFFIC_HOOK_FAILED':
    case 'HOOK_TIMEOUT': return 'hook';
    case 'OPERATOR_ABORT': return 'operator';
    case 'DEPLOY_REVERTED': return 'deploy';
    case 'LOW_TRAFFIC':
    case 'NO_ALARM_DATA': return 'traffic';
    case undefined: return undefined;
    default: return 'other';
  }
}
