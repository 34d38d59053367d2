/**
 * CloudFormation's lifecycle injected into simulated rollouts: each event goes to the deploy trigger's own transition
 * with the stack's status. Expected weights come from the plans and the latencies given here; seconds of decisions
 * come from a run of the same options without the injection.
 */
import { canary, linear } from '../../lambda/core/rollout';
import { describeLifecycle, simulateRollout, SimulationOptions, SimulationResult } from '../../sim';

const base = { requestsPerSecond: 20, stable: { errorRate: 0.001 }, candidate: { errorRate: 0.001 }, seed: 1,
  timelineBucketSeconds: 1, controller: { shiftLatencySeconds: 10, rollbackLatencySeconds: 7 } };
const moves = (r: SimulationResult) => r.decisions.filter((d) => d.kind !== 'WAIT' && d.kind !== 'HOLD');
const lastLive = (r: SimulationResult) => r.timeline![r.timeline!.length - 1].liveCandidatePercent;

describe('a stack rollback injected mid-shift', () => {
  const plan = linear(10, 60);
  const o: SimulationOptions = { ...base, plan };
  const shifts = moves(simulateRollout(o)).filter((d) => d.kind === 'SHIFT');
  // The third shift's order is in flight for its 10 s latency: the rollback comes 4 s after it.
  const at = shifts[2].second + 4;
  const r = simulateRollout({ ...o, lifecycle: [{ atSecond: at, event: 'STACK_ROLLBACK' }] });

  it('ends ABORTED (the deploy was reverted) with all traffic on stable, read back after the rollback latency', () => {
    expect(r.outcome).toBe('ABORTED');
    expect(r.cause).toBe('DEPLOY_REVERTED');
    expect(r.lifecycle).toEqual([expect.objectContaining({ second: at, event: 'STACK_ROLLBACK',
      stackStatus: 'UPDATE_ROLLBACK_IN_PROGRESS', transition: 'ABORT_AND_RESTORE', phase: 'ABORTED', stableAt: at + 7 })]);
    expect(lastLive(r)).toBe(0);
    expect(r.timeline!.filter((p) => p.second >= at + 7).every((p) => p.candidateRequests === 0)).toBe(true);
  });

  it('supersedes the raise in flight: the candidate never serves the third step\'s share', () => {
    expect(Math.max(...r.timeline!.map((p) => p.liveCandidatePercent))).toBe(plan.steps[1].candidatePercent);
  });

  it('stops the execution: no decision from the second of the rollback on', () => {
    expect(r.decisions.every((d) => d.second < at)).toBe(true);
    expect(r.effects).toEqual(expect.arrayContaining([expect.objectContaining({ second: at, writer: 'trigger', kind: 'STOP_EXECUTION' })]));
  });

  it('says what happened in one line', () => {
    expect(describeLifecycle(r.lifecycle![0])).toBe(`t=${at} stack rollback -> ABORTED, stable 100% at t=${at + 7}`);
  });
});

describe('a redelivered deploy event', () => {
  const o: SimulationOptions = { ...base, plan: linear(10, 60) };
  const without = simulateRollout(o);
  const at = moves(without).filter((d) => d.kind === 'SHIFT')[3].second + 4;
  const r = simulateRollout({ ...o, lifecycle: [{ atSecond: at, event: 'REDELIVER' }] });

  it('changes nothing: the same run as without it', () => {
    const { lifecycle, ...rest } = r;
    expect(rest).toEqual(without);
    expect(lifecycle).toEqual([expect.objectContaining({ transition: 'CONTINUE', stackStatus: 'UPDATE_IN_PROGRESS' })]);
    expect(lifecycle![0].stableAt).toBeUndefined();
    expect(r.outcome).toBe('PROMOTED');
  });
});

describe('a cancel-update before the first shift', () => {
  // The pre-traffic hook keeps the candidate at 0% for its 120 s.
  const r = simulateRollout({ ...base, plan: canary(10, 300, { hooks: { preTraffic: true } }), hooks: { durationSeconds: 120 },
    lifecycle: [{ atSecond: 30, event: 'CANCEL_UPDATE' }] });

  it('aborts the rollout before the candidate served anyone; stable, which already held, is read back at once', () => {
    expect(r.outcome).toBe('ABORTED');
    expect(r.candidateRequests).toBe(0);
    expect(moves(r).map((d) => d.kind)).toEqual(['RUN_PRE_TRAFFIC_HOOK']);
    expect(r.lifecycle).toEqual([expect.objectContaining({ stackStatus: 'UPDATE_ROLLBACK_IN_PROGRESS', transition: 'ABORT_AND_RESTORE',
      phase: 'ABORTED', stableAt: 30 })]);
    // Nothing to move: the trigger orders no weights, it only reads stable back.
    expect(r.effects.filter((e) => e.writer === 'trigger').map((e) => e.kind)).not.toContain('ORDER_WEIGHTS');
  });
});

describe('a stack rollback after the promotion', () => {
  const o: SimulationOptions = { ...base, plan: canary(10, 300) };
  const promotedAt = moves(simulateRollout(o)).find((d) => d.kind === 'COMPLETE')!.second;
  const at = promotedAt + 100;
  const r = simulateRollout({ ...o, lifecycle: [{ atSecond: at, event: 'STACK_ROLLBACK' }] });

  it('puts all traffic back on the slot that served before the deploy, and records the promotion reverted', () => {
    expect(r.lifecycle).toEqual([expect.objectContaining({ transition: 'RESTORE', phase: 'ABORTED', stableAt: at + 7 })]);
    expect(r.outcome).toBe('ABORTED');
    expect(lastLive(r)).toBe(0);
    // The rollout ended again at the revert; its traffic left the candidate after the rollback latency.
    expect(r.secondsToEnd).toBe(at);
    expect(r.rollbackTakesSeconds).toBe(7);
  });
});

describe('a stack rollback after the operator aborted', () => {
  const r = simulateRollout({ ...base, plan: canary(10, 300), commands: [{ atSecond: 50, command: 'ABORT' }],
    lifecycle: [{ atSecond: 100, event: 'STACK_ROLLBACK' }] });

  it('only reads stable back: the rollout keeps the operator\'s end', () => {
    expect(r.outcome).toBe('ABORTED');
    expect(r.cause).toBe('OPERATOR_ABORT');
    expect(r.secondsToEnd).toBe(50);
    expect(r.lifecycle).toEqual([expect.objectContaining({ transition: 'RESTORE', phaseBefore: 'ABORTED', phase: 'ABORTED' })]);
    expect(describeLifecycle(r.lifecycle![0])).toBe('t=100 stack rollback -> RESTORE, rollout ABORTED, stable 100% at t=100');
    expect(r.effects.filter((e) => e.writer === 'trigger').map((e) => e.kind)).toEqual(['VERIFIED']);
  });
});

describe('simulateRollout lifecycle options', () => {
  it('refuses an injection at a negative or fractional second, naming it', () => {
    expect(() => simulateRollout({ ...base, plan: canary(10, 300), lifecycle: [{ atSecond: -5, event: 'STACK_ROLLBACK' }] }))
      .toThrow(/lifecycle\[0\]\.atSecond is -5; it must be a whole second >= 0/);
  });
});
