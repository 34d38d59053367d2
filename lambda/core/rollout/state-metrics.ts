/**
 * The rollout's state as metric values (contracts/rollout-state-metrics.ts): what the controller publishes after each
 * step so that a dashboard shows a rollout running. Pure: a function of the record and the live weights.
 */
import { ROLLOUT_COUNT_METRICS, ROLLOUT_PHASE_CODES, ROLLOUT_STATE_DIMENSIONS, ROLLOUT_STATE_METRICS } from '../../../contracts/rollout-state-metrics';
import type { RolloutRecord } from '../../../contracts/rollout-execution';
import { isTerminal, type VariantWeights } from '../../../contracts/rollout-state';

export interface RolloutStateDatum {
  readonly name: string;
  readonly value: number;
  readonly unit: 'None' | 'Percent';
  readonly dimensions: { readonly [name: string]: string };
}

/**
 * The metric values of `rec` now. `live` is the endpoint's weights of the stable and candidate variants as read back;
 * without it (not read, or the endpoint has no such variants) the live share is left out rather than guessed.
 */
export function rolloutStateMetrics(rec: Pick<RolloutRecord, 'endpointName' | 'candidateVariant' | 'state'>,
  live?: VariantWeights): RolloutStateDatum[] {
  const dimensions = { [ROLLOUT_STATE_DIMENSIONS.endpoint]: rec.endpointName, [ROLLOUT_STATE_DIMENSIONS.candidate]: rec.candidateVariant };
  const s = rec.state;
  const out: RolloutStateDatum[] = [
    { name: ROLLOUT_STATE_METRICS.active, value: isTerminal(s.phase) ? 0 : 1, unit: 'None', dimensions },
    { name: ROLLOUT_STATE_METRICS.phase, value: ROLLOUT_PHASE_CODES[s.phase], unit: 'None', dimensions },
  ];
  const ordered = candidateShare(s.weights);
  if (ordered !== undefined) out.push({ name: ROLLOUT_STATE_METRICS.orderedShare, value: ordered, unit: 'Percent', dimensions });
  const liveShare = live ? candidateShare(live) : undefined;
  if (liveShare !== undefined) out.push({ name: ROLLOUT_STATE_METRICS.liveShare, value: liveShare, unit: 'Percent', dimensions });
  return out;
}

/** The candidate's percent of the pair's traffic (weights are relative); undefined when both weights are 0. */
function candidateShare(w: VariantWeights): number | undefined {
  const total = w.stable + w.candidate;
  return total > 0 ? Math.round((1e4 * w.candidate) / total) / 100 : undefined;
}

/**
 * The counts a write of `after` adds (ROLLOUT_COUNT_METRICS, dimension EndpointName): a started rollout (a new
 * rollout id, or none before), an end (a terminal phase the record did not have before). Nothing otherwise, so a
 * retried write counts once.
 */
export function rolloutCountMetrics(before: Pick<RolloutRecord, 'rolloutId' | 'state'> | undefined,
  after: Pick<RolloutRecord, 'endpointName' | 'rolloutId' | 'state'>): RolloutStateDatum[] {
  const dimensions = { [ROLLOUT_STATE_DIMENSIONS.endpoint]: after.endpointName };
  const count = (name: string): RolloutStateDatum => ({ name, value: 1, unit: 'None', dimensions });
  const same = before?.rolloutId === after.rolloutId;
  const out: RolloutStateDatum[] = [];
  if (!same) out.push(count(ROLLOUT_COUNT_METRICS.started));
  const endedNow = isTerminal(after.state.phase) && !(same && before && isTerminal(before.state.phase));
  if (endedNow) out.push(count(after.state.phase === 'PROMOTED' ? ROLLOUT_COUNT_METRICS.promoted : ROLLOUT_COUNT_METRICS.rolledBack));
  return out;
}
