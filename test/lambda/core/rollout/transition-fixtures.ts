/**
 * Pure builders for the transition tests: a rollout record, a live endpoint view, and the checks every transition
 * must pass whatever its event (effects in the executor's safe order).
 */
import {
  Effect, effectOrderProblem, EffectKind, EndpointView, initialState, RolloutPlan, RolloutRecord, RolloutState, Transition,
  TransitionEvent, transition,
} from '../../../../lambda/core/rollout';

export const NOW = 10_000;

export function rec(plan: RolloutPlan, state: Partial<RolloutState> = {}, extra: Partial<RolloutRecord> = {}): RolloutRecord {
  return {
    endpointName: 'ep', rolloutId: 'r1', executionArn: 'arn:aws:states:us-east-1:123456789012:execution:rollout:r1',
    stableVariant: 'blue', candidateVariant: 'green', plan, alarmNames: ['green-5xx'],
    state: { ...initialState(NOW - 1000), ...state }, history: [], updatedAt: NOW - 1000, version: 3, ...extra,
  };
}

/** DescribeEndpoint as the transition sees it: weights (percent) and instance counts per slot. */
export function view(weights: Record<string, number>, opts: { status?: string; instances?: Record<string, number>;
  createdAt?: number; } = {}): EndpointView {
  const instances = opts.instances ?? Object.fromEntries(Object.keys(weights).map((v) => [v, 2]));
  return { status: opts.status ?? 'InService', weights: new Map(Object.entries(weights)),
    instances: new Map(Object.entries(instances)), ...(opts.createdAt !== undefined ? { createdAt: opts.createdAt } : {}) };
}

/**
 * transition(), with the rule every adapter relies on checked on each answer: a raise comes after the persist of the
 * same transition, a lowering's order and read-back before it.
 */
export function step(record: RolloutRecord | undefined, live: EndpointView | undefined, event: TransitionEvent,
  now = NOW): Transition {
  const t = transition(record, live, event, now);
  expect(effectOrderProblem(t.effects)).toBeUndefined();
  return t;
}

export function kinds(t: Transition): EffectKind[] {
  return t.effects.map((e) => e.kind);
}

export function only<K extends EffectKind>(t: Transition, kind: K): Array<Extract<Effect, { kind: K }>> {
  return t.effects.filter((e): e is Extract<Effect, { kind: K }> => e.kind === kind);
}
