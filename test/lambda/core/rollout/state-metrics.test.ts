/** The rollout's state as metric values: names and dimensions from contracts, values worked out by hand. */
import {
  ACTIVE_PHASES, initialState, ROLLOUT_PHASE_CODES, rolloutCountMetrics, rolloutStateMetrics, RolloutState, TERMINAL_PHASES,
} from '../../../../lambda/core/rollout';

const rec = (state: RolloutState) => ({ endpointName: 'iris', candidateVariant: 'green', state });
const byName = (data: ReturnType<typeof rolloutStateMetrics>) => Object.fromEntries(data.map((d) => [d.name, d.value]));

describe('rolloutStateMetrics', () => {
  it('a canary step ordered at 10% and live at 10%: active, BAKING, both shares, dimensions name the slot', () => {
    const state: RolloutState = { ...initialState(100), phase: 'BAKING', stepIndex: 0, weights: { stable: 90, candidate: 10 } };
    const data = rolloutStateMetrics(rec(state), { stable: 90, candidate: 10 });
    // BAKING is the 5th active phase (PENDING, PRE_TRAFFIC_HOOK, SHADOW, SHIFTING, BAKING).
    expect(byName(data)).toEqual({ RolloutActive: 1, RolloutPhase: 5, CandidateShareOrdered: 10, CandidateShareLive: 10 });
    for (const d of data) expect(d.dimensions).toEqual({ EndpointName: 'iris', CandidateVariant: 'green' });
    expect(data.find((d) => d.name === 'CandidateShareLive')!.unit).toBe('Percent');
  });

  it('live weights are relative: 3 and 1 are a 25% share; the ordered share can lead the live one', () => {
    const state: RolloutState = { ...initialState(0), phase: 'SHIFTING', stepIndex: 1, weights: { stable: 50, candidate: 50 } };
    expect(byName(rolloutStateMetrics(rec(state), { stable: 3, candidate: 1 })))
      .toMatchObject({ CandidateShareOrdered: 50, CandidateShareLive: 25 });
  });

  it('leaves the live share out when it was not read or both weights are 0', () => {
    const state = initialState(0);
    expect(byName(rolloutStateMetrics(rec(state)))).toEqual({ RolloutActive: 1, RolloutPhase: 1, CandidateShareOrdered: 0 });
    expect(rolloutStateMetrics(rec(state), { stable: 0, candidate: 0 }).map((d) => d.name)).not.toContain('CandidateShareLive');
  });

  it('an ended rollout is inactive, with its terminal phase code', () => {
    const state: RolloutState = { ...initialState(0), phase: 'ROLLED_BACK', cause: 'ALARM', weights: { stable: 100, candidate: 0 } };
    expect(byName(rolloutStateMetrics(rec(state), { stable: 100, candidate: 0 })))
      .toEqual({ RolloutActive: 0, RolloutPhase: ROLLOUT_PHASE_CODES.ROLLED_BACK, CandidateShareOrdered: 0, CandidateShareLive: 0 });
  });

  it('gives every phase its own code, active phases first', () => {
    const codes = [...ACTIVE_PHASES, ...TERMINAL_PHASES].map((p) => ROLLOUT_PHASE_CODES[p]);
    expect(codes).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
  });
});

describe('rolloutCountMetrics', () => {
  const at = (rolloutId: string, phase: RolloutState['phase']) => ({ endpointName: 'iris', rolloutId, state: { ...initialState(0), phase } });
  const names = (data: ReturnType<typeof rolloutCountMetrics>) => data.map((d) => d.name);

  it('a new rollout counts one start; its end counts once, as promoted or as rolled back (aborted and failed too)', () => {
    expect(names(rolloutCountMetrics(undefined, at('r1', 'PENDING')))).toEqual(['RolloutsStarted']);
    expect(names(rolloutCountMetrics(at('r0', 'PROMOTED'), at('r1', 'PENDING')))).toEqual(['RolloutsStarted']);
    expect(names(rolloutCountMetrics(at('r1', 'BAKING'), at('r1', 'SHIFTING')))).toEqual([]);
    expect(names(rolloutCountMetrics(at('r1', 'BAKING'), at('r1', 'PROMOTED')))).toEqual(['RolloutsPromoted']);
    for (const end of ['ROLLED_BACK', 'ABORTED', 'FAILED'] as const) {
      expect(names(rolloutCountMetrics(at('r1', 'BAKING'), at('r1', end)))).toEqual(['RolloutsRolledBack']);
    }
    // A write after the end (an entry appended) counts nothing again.
    expect(names(rolloutCountMetrics(at('r1', 'ROLLED_BACK'), at('r1', 'ROLLED_BACK')))).toEqual([]);
    expect(rolloutCountMetrics(undefined, at('r1', 'PENDING'))[0]).toEqual({ name: 'RolloutsStarted', value: 1, unit: 'None', dimensions: { EndpointName: 'iris' } });
  });
});
