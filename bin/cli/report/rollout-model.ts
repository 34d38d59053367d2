/**
 * A real rollout as a RolloutTimeline, from its record (the rollout table keeps the latest rollout of an endpoint,
 * with its event log) and its history row (one per rollout, kept after the record is replaced). The ordered share at
 * each event is read from the event's reason, which the policy writes with describeWeights ("stable 90% / candidate
 * 10%"); ends put everything back on stable (rollback, failure, abort) or on the candidate (promotion).
 */
import type { RolloutHistoryRow, RolloutRecord } from '../../../lambda/core/rollout';
import { causeSource, type RolloutTimeline, type SignalSource, type TimelineSignal, type WeightPoint } from './model';

const WEIGHTS_IN_REASON = /stable ([\d.]+)% \/ candidate ([\d.]+)%/;
const ENDS_ON_STABLE = new Set(['ROLLBACK', 'FAIL', 'ABORT', 'ROLLED_BACK', 'FAILED', 'ABORTED']);

/** What an event's kind says about a signal the controller acted on. */
function signalOf(kind: string): SignalSource | undefined {
  if (kind === 'HOLD') return 'traffic';
  if (kind === 'ROLLBACK_FAILED') return 'other';
  return undefined;
}

export function rolloutTimeline(rec: RolloutRecord | undefined, row?: RolloutHistoryRow): RolloutTimeline {
  if (!rec && !row) throw new Error('a rollout timeline needs the rollout record or its history row');
  const startedAt = rec?.state.startedAt ?? row!.startedAt;
  const events = (rec?.history ?? []).filter((e) => e.at >= startedAt)
    .map((e) => ({ second: Math.round(e.at - startedAt), kind: e.kind, reason: e.reason }));
  const outcome = rec?.state.phase ?? row!.outcome;
  const cause = rec?.state.cause ?? row?.cause;
  const reason = rec?.state.reason ?? row?.reason ?? '';
  const endedAt = row?.endedAt ?? (isEnded(outcome) ? (rec?.history.at(-1)?.at ?? rec?.updatedAt) : undefined);
  const endSecond = endedAt !== undefined ? Math.round(endedAt - startedAt) : undefined;
  // An ended rollout's weights are known after its end (all on one side): the chart shows a tail past the end.
  const lastSecond = Math.max(0, endSecond ?? 0, ...events.map((e) => e.second), rec ? Math.round(rec.updatedAt - startedAt) : 0) +
    (endSecond !== undefined ? Math.max(30, Math.ceil(endSecond * 0.1)) : 0);

  // The ordered share holds from one event to the next: each point closes the interval before a change.
  const weights: WeightPoint[] = [];
  let share = 0;
  for (const e of events) {
    const m = WEIGHTS_IN_REASON.exec(e.reason);
    const next = m ? (100 * Number(m[2])) / (Number(m[1]) + Number(m[2])) : ENDS_ON_STABLE.has(e.kind) ? 0 : e.kind === 'PROMOTE' ? 100 : share;
    if (next !== share) {
      weights.push({ second: e.second, orderedPercent: share });
      share = next;
    }
  }
  weights.push({ second: Math.max(lastSecond, 1), orderedPercent: share });

  const signals: TimelineSignal[] = events.filter((e) => signalOf(e.kind)).map((e) => ({ second: e.second, source: signalOf(e.kind)!, label: e.reason }));
  const source = causeSource(cause);
  const deciding = source && endSecond !== undefined ? { second: endSecond, source, label: reason } : undefined;
  const plan = rec?.plan?.name ?? row?.strategy;
  const stable = rec?.stableVariant ?? row?.stableVariant;
  const candidate = rec?.candidateVariant ?? row?.candidateVariant;
  const probe = rec?.state.probe;
  return {
    title: `Rollout ${rec?.rolloutId ?? row!.rolloutId} on ${rec?.endpointName ?? row!.endpointName}`,
    facts: [
      `strategy ${plan ?? 'unknown'}`, `stable ${stable}, candidate ${candidate}`,
      ...(rec?.candidateModel ?? row?.candidateModel ? [`candidate model ${rec?.candidateModel ?? row?.candidateModel}`] : []),
      `started ${new Date(startedAt * 1000).toISOString()}`,
      ...(probe ? [`probe: ${probe.sent} requests sent, ${probe.errors} failed`] : []),
      ...(rec?.alarmNames?.length ? [`alarms: ${rec.alarmNames.join(', ')}`] : []),
      ...(!rec ? ['only the history row is kept for this rollout: no event log'] : []),
    ],
    dataSeconds: Math.max(lastSecond, 1),
    weights,
    events,
    signals: deciding ? [...signals, deciding] : signals,
    ...(deciding ? { deciding } : {}),
    ...(endSecond !== undefined ? {
      end: { second: endSecond, kind: events.at(-1)?.kind ?? outcome, outcome, ...(cause ? { cause } : {}), reason },
    } : {}),
  };
}

function isEnded(phase: string): boolean {
  return ['PROMOTED', 'ROLLED_BACK', 'ABORTED', 'FAILED'].includes(phase);
}
