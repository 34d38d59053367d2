/**
 * A simulated run as a RolloutTimeline (`simulate --plot`): weights and error rates per bucket, the signals the
 * simulated controller saw, and the decision that ended the run with the signal that decided it.
 */
import { describeLifecycle, type DecisionRecord, type LifecycleRecord, type SignalRecord, type TimelinePoint } from '../../../sim';
import { causeSource, type RolloutTimeline, type TimelineSignal } from './model';

export interface SimulatedRun {
  readonly title: string;
  readonly timeline: readonly TimelinePoint[];
  /** Seconds per timeline point. */
  readonly bucketSeconds: number;
  readonly alarmThreshold: number;
  readonly decisions: readonly DecisionRecord[];
  readonly signals?: readonly SignalRecord[];
  /** Injected CloudFormation events (a stack rollback, a cancel, a redelivered event): marked with what they did. */
  readonly lifecycle?: readonly LifecycleRecord[];
  /** The run's final phase and the policy's end cause (PROBE, ALARM, ...), when it ended other than by promotion. */
  readonly outcome?: string;
  readonly cause?: string;
}

/** Error rate over the trailing 60 s (or one bucket if longer) at each point; undefined where there was no traffic. */
export function trailingErrorRates(points: readonly TimelinePoint[], bucketSeconds: number, side: 'stable' | 'candidate'):
Array<number | undefined> {
  const window = Math.max(1, Math.round(60 / bucketSeconds));
  return points.map((_, i) => {
    let req = 0;
    let err = 0;
    for (let j = Math.max(0, i - window + 1); j <= i; j++) {
      req += side === 'stable' ? points[j].stableRequests : points[j].candidateRequests;
      err += side === 'stable' ? points[j].stableErrors : points[j].candidateErrors;
    }
    return req === 0 ? undefined : err / req;
  });
}

export function simulationTimeline(run: SimulatedRun): RolloutTimeline {
  const b = run.bucketSeconds;
  const pts = run.timeline;
  const shadow = pts.filter((p) => p.shadow);
  const end = endOf(run);
  const signals: TimelineSignal[] = (run.signals ?? []).map((s) => ({ second: s.second, source: s.source, label: s.detail }));
  return {
    title: run.title,
    facts: [],
    dataSeconds: Math.max(b, pts.length * b),
    weights: pts.map((p) => ({ second: p.second + b, orderedPercent: p.orderedCandidatePercent, livePercent: p.liveCandidatePercent })),
    errors: {
      bucketSeconds: b,
      stable: trailingErrorRates(pts, b, 'stable'),
      candidate: trailingErrorRates(pts, b, 'candidate'),
      threshold: run.alarmThreshold,
    },
    ...(shadow.length > 0 ? { shadow: { from: shadow[0].second, to: shadow[shadow.length - 1].second + b } } : {}),
    events: run.decisions.filter((d) => d.kind !== 'WAIT').map((d) => ({ second: d.second, kind: d.kind, reason: d.reason })),
    signals,
    ...(end ? {
      end: { second: end.second, kind: end.kind, outcome: run.outcome ?? end.kind, ...(run.cause ? { cause: run.cause } : {}), reason: end.reason },
    } : {}),
    ...decidingOf(run, end, signals),
    ...(run.lifecycle ? { markers: run.lifecycle.map((l) => ({ second: l.second, label: describeLifecycle(l) })) } : {}),
  };
}

/** What ended the run: its last ending decision, or a CloudFormation event that ended the rollout after it. */
function endOf(run: SimulatedRun): DecisionRecord | undefined {
  const decided = [...run.decisions].reverse().find((d) => ['ROLLBACK', 'FAIL', 'COMPLETE', 'ABORT'].includes(d.kind));
  // A revert ends the rollout when it changed its phase (a revert of a rollout that had ended on stable only reads it back).
  const reverted = [...(run.lifecycle ?? [])].reverse().find((l) => l.phase !== l.phaseBefore);
  if (!reverted || (decided && decided.second > reverted.second)) return decided;
  // Short: the marker says what happened, the summary why.
  return { second: reverted.second, kind: reverted.transition, reason: `CloudFormation ${reverted.stackStatus}` };
}

/** The last signal of the end cause's kind at or before the end; for a gate or hook, the ending decision itself. */
function decidingOf(run: SimulatedRun, end: DecisionRecord | undefined, signals: readonly TimelineSignal[]): { deciding?: TimelineSignal } {
  const source = causeSource(run.cause);
  if (!end || !source) return {};
  const kinds = source === 'alarm' ? ['alarm', 'metric-guard'] : [source];
  const seen = signals.filter((s) => kinds.includes(s.source) && s.second <= end.second);
  if (seen.length > 0) return { deciding: seen[seen.length - 1] };
  return { deciding: { second: end.second, source, label: end.reason } };
}
