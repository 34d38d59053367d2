/** Capacity before traffic: the candidate matches the stable slot's instances before it takes any traffic. */
import {
  ALL_STABLE, allAtOnce, canary, CAPACITY_GRACE_SECONDS, CAPACITY_WAIT_SECONDS, capacityGate, capacityKeptNote, capacityNeeded,
  CapacityState, capacitySummary, CapacityView, initialState, RolloutPlan, RolloutState, weightsFor,
} from '../../../../lambda/core/rollout';

describe('capacityNeeded', () => {
  it.each([
    // [what, stable, candidate, expected]
    ['smaller candidate: scale it to the stable count', 4, 1, { kind: 'SCALE', instanceCount: 4 }],
    ['already as large', 4, 4, { kind: 'NONE' }],
    ['larger is fine', 2, 3, { kind: 'NONE' }],
    ['serverless: no counts', undefined, undefined, { kind: 'NONE' }],
    ['one slot serverless: nothing to match', 2, undefined, { kind: 'NONE' }],
  ] as Array<[string, number | undefined, number | undefined, Record<string, unknown>]>)('%s', (_what, stable, candidate, expected) => {
    expect(capacityNeeded(stable, candidate)).toMatchObject(expected);
  });
  it('names the counts in its reason', () => {
    expect(capacityNeeded(4, 1).reason).toBe('candidate has 1 instance(s), stable 4: scaling the candidate to 4 before it takes traffic');
  });
});

describe('capacityGate: once per rollout, ordered as the rollout leaves PENDING, awaited before the first weights', () => {
  const c10 = canary(10, 300);
  const T = 10_000;
  const pending: RolloutState = initialState(T - 5);
  const baking: RolloutState = { ...initialState(T - 400), phase: 'BAKING', stepIndex: 0, weights: weightsFor(10) };
  const view = (status: string, stable?: number, candidate?: number, more: Partial<CapacityView> = {}): CapacityView =>
    ({ status, stableInstances: stable, candidateInstances: candidate, ...more });
  const ordered = (at: number, more: Partial<CapacityState> = {}): RolloutState =>
    ({ ...baking, capacity: { decidedAt: at, reason: 'r', instanceCount: 4, previousInstanceCount: 1, ...more } });

  it.each([
    // [what, plan, state, before traffic, view, expected]
    ['a hook or shadow run first, smaller candidate: order the stable count now', c10, pending, false, view('InService', 4, 1),
      { kind: 'ORDER', instanceCount: 4, capacity: { decidedAt: T, instanceCount: 4, previousInstanceCount: 1 } }],
    ['the first step, smaller candidate: order the stable count', c10, pending, true, view('InService', 4, 1),
      { kind: 'ORDER', instanceCount: 4 }],
    ['all at once: order before the only step', allAtOnce(), pending, true, view('InService', 3, 1), { kind: 'ORDER', instanceCount: 3 }],
    ['the first step while Updating: wait, order later', c10, pending, true, view('Updating', 4, 1), { kind: 'WAIT', seconds: 10 }],
    ['a hook while Updating: the hook goes ahead, the order waits for the first step', c10, pending, false, view('Updating', 4, 1),
      { kind: 'PROCEED', capacity: 'none' }],
    ['candidate as large: proceed and record the decision', c10, pending, true, view('InService', 2, 2),
      { kind: 'PROCEED', capacity: { decidedAt: T, reason: 'candidate has 2 instance(s), stable 2' }, ordered: false, note: undefined }],
    ['ordered, a later hook or shadow run: proceed while SageMaker scales', c10, ordered(T - 100), false, view('Updating', 4, 1),
      { kind: 'PROCEED', capacity: 'none' }],
    ['ordered, still Updating at the first step: wait one check', c10, ordered(T - 100), true, view('Updating', 4, 1),
      { kind: 'WAIT', seconds: 10 }],
    ['ordered, close to the limit: wait only what is left', c10, ordered(T - 595), true, view('Updating', 4, 2), { kind: 'WAIT', seconds: 5 }],
    ['ordered, InService with the count: proceed and stamp readyAt', c10, ordered(T - 240), true, view('InService', 4, 4),
      { kind: 'PROCEED', capacity: { readyAt: T, instanceCount: 4 } }],
    ['ordered, InService on fewer right after the order (describe lag): wait', c10, ordered(T - 20), true, view('InService', 4, 1),
      { kind: 'WAIT' }],
    ['ordered, InService on fewer past the grace: SageMaker did not apply it', c10, ordered(T - CAPACITY_GRACE_SECONDS), true,
      view('InService', 4, 1), { kind: 'GIVE_UP' }],
    ['ordered, Updating past the limit: give up', c10, ordered(T - CAPACITY_WAIT_SECONDS), true, view('Updating', 4, 3), { kind: 'GIVE_UP' }],
    ['ordered, endpoint Failed: give up at once', c10, ordered(T - 30), true, view('Failed', 4, 1, { failureReason: 'no capacity' }),
      { kind: 'GIVE_UP' }],
    ['decided earlier: later steps proceed without a second order', c10, ordered(T - 900, { readyAt: T - 600 }), true,
      view('InService', 8, 4), { kind: 'PROCEED', capacity: 'none' }],
    ['a record from before capacity existed (baking, undecided): order before the next step', c10, baking, true, view('InService', 4, 1),
      { kind: 'ORDER', instanceCount: 4 }],
    ['serverless, candidate MaxConcurrency lower: proceed with a warning, nothing ordered', c10, pending, true,
      view('InService', undefined, undefined, { stableMaxConcurrency: 20, candidateMaxConcurrency: 5 }),
      { kind: 'PROCEED', capacity: { decidedAt: T }, ordered: false }],
  ] as Array<[string, RolloutPlan, RolloutState, boolean, CapacityView, Record<string, unknown>]>)('%s', (_w, plan, state, beforeTraffic, v, expected) => {
    const g = capacityGate(plan, state, v, T, beforeTraffic) as { capacity?: CapacityState };
    const { capacity, ordered: wasOrdered, note, ...rest } = expected;
    expect(g).toMatchObject(rest);
    // Only a decision worth reading later (an order, its outcome, a warning) is a line in the rollout's events.
    if ('note' in expected) expect((g as { note?: string }).note).toBe(note);
    if (capacity === 'none') expect(g.capacity).toBeUndefined();
    else if (capacity) expect(g.capacity).toMatchObject(capacity as object);
    if (wasOrdered === false) expect(g.capacity?.instanceCount).toBeUndefined();
  });

  it('gives up by failing the rollout back to stable with cause CAPACITY_NOT_READY and the counts in the reason', () => {
    const g = capacityGate(c10, ordered(T - 600), view('Updating', 4, 3), T, true);
    expect(g.kind).toBe('GIVE_UP');
    if (g.kind !== 'GIVE_UP') return;
    expect(g.decision).toMatchObject({ kind: 'FAIL', weights: ALL_STABLE, cause: 'CAPACITY_NOT_READY', state: { phase: 'FAILED' } });
    expect(g.reason).toBe('capacity before traffic: candidate has 3 of 4 instance(s) ordered (endpoint Updating) 600 s after the order, limit 600 s');
    const failed = capacityGate(c10, ordered(T - 30), view('Failed', 4, 1, { failureReason: 'no capacity' }), T, true);
    expect(failed.kind === 'GIVE_UP' && failed.reason).toContain('endpoint Failed while scaling (no capacity)');
  });

  it('serverless: says which MaxConcurrency is lower and what to change', () => {
    const g = capacityGate(c10, pending, view('InService', undefined, undefined,
      { stableMaxConcurrency: 20, candidateMaxConcurrency: 5 }), T, true);
    expect(g.kind === 'PROCEED' && g.note).toBe('serverless: WARNING candidate MaxConcurrency 5 < stable 20; not changed by the ' +
      'rollout (raise the candidate variant\'s ServerlessConfig.MaxConcurrency in its endpoint config)');
    const ok = capacityGate(c10, pending, view('InService', undefined, undefined,
      { stableMaxConcurrency: 20, candidateMaxConcurrency: 20 }), T, true);
    expect(ok.kind === 'PROCEED' && ok.capacity?.reason).toBe('serverless: candidate MaxConcurrency 20 >= stable 20; nothing ordered');
  });

  it('after a rollback the ordered instances are kept and the note says so; nothing ordered, no note', () => {
    expect(capacityKeptNote(ordered(T, { readyAt: T + 200 }))).toMatch(/^candidate keeps the 4 instance\(s\) ordered before traffic \(it had 1\) at weight 0/);
    expect(capacityKeptNote(baking)).toBeUndefined();
    expect(capacityKeptNote({ ...baking, capacity: { decidedAt: T, reason: 'candidate has 2 instance(s), stable 2' } })).toBeUndefined();
  });

  it('the history row summarises the capacity action', () => {
    expect(capacitySummary({ decidedAt: T, reason: 'r', instanceCount: 4, previousInstanceCount: 1, readyAt: T + 240 }))
      .toBe('candidate 1 -> 4 instance(s) before traffic, InService 240 s after the order');
    expect(capacitySummary({ decidedAt: T, reason: 'candidate has 2 instance(s), stable 2' })).toBe('candidate has 2 instance(s), stable 2');
  });
});
