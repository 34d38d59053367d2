/**
 * `rollout get [--watch]`: the pure view (what each field is derived from, with hand-computed values) and the
 * watch loop against a fake AWS whose rollout advances between refreshes.
 */
import { canary, initialState, linear, RolloutRecord, shadowFirst, weightsFor } from '../../lambda/core/rollout';
import { duration, renderRollout, rolloutView } from '../../bin/cli/rollout-view';
import { advancingAws, runCli } from './support';

const T0 = 1_800_000_000;

function record(plan: RolloutRecord['plan'], state: Partial<RolloutRecord['state']>, more: Partial<RolloutRecord> = {}):
RolloutRecord {
  return {
    endpointName: 'ep', rolloutId: 'r1', executionArn: 'arn', stableVariant: 'blue', candidateVariant: 'green', plan,
    alarmNames: ['ep-5xx'], state: { ...initialState(T0), ...state },
    history: [
      { at: T0, kind: 'START', reason: 'rollout started' },
      { at: T0 + 20, kind: 'SHIFT', reason: 'step 1/2: 10% candidate' },
    ],
    updatedAt: T0 + 100, ...more,
  };
}

describe('rollout view', () => {
  it('shows step, weights, samples, time left and the next decision of a baking canary', () => {
    // canary(10, 300): the step began at T0+20, so at T0+104 it has baked 84 s of 300 (216 s left). The controller
    // last wrote at T0+100 and checks every 10 s: next check in 6 s, which comes before the bake ends.
    const rec = record(canary(10, 300), { phase: 'BAKING', stepIndex: 0, phaseStartedAt: T0 + 20, weights: weightsFor(10) });
    const v = rolloutView({ record: rec, now: T0 + 104, live: { status: 'InService', weights: { stable: 90.004, candidate: 9.996 } },
      alarms: [{ name: 'ep-5xx', state: 'OK' }], candidateInvocations: 12 });
    expect(v).toMatchObject({
      status: 'Progressing', step: 1, steps: 2, stepCandidatePercent: 10, elapsedSeconds: 104, phaseSecondsLeft: 216,
      samples: { what: 'candidate invocations', seen: 12, needed: 30 },
      nextDecision: { inSeconds: 6, what: 'alarms checked' },
      variants: [
        { role: 'stable', name: 'blue', orderedPercent: 90, livePercent: 90 },
        { role: 'candidate', name: 'green', orderedPercent: 10, livePercent: 10 },
      ],
    });
    const text = renderRollout(v);
    expect(text).toContain('Status:          ◌ Progressing (BAKING)');
    expect(text).toContain('  Step:          1/2 (candidate 10%)');
    expect(text).toContain('  Time left:     3m36s in baking');
    expect(text).toContain('  Samples:       12/30 candidate invocations');
    expect(text).toContain('  Next decision: in 6s: alarms checked');
    expect(text).toMatch(/^blue +stable +90% +90%$/m);
    expect(text).toMatch(/^green +candidate +10% +10%$/m);
    expect(text).toMatch(/^ep-5xx +✔ OK$/m);
    expect(text).toContain('2027-01-15T08:00:20Z  SHIFT  step 1/2: 10% candidate');
  });

  it('names the judgement when the bake ends before the next poll', () => {
    // 5 s of bake left, next poll in 9 s: the decision comes when the bake ends, and moves to the next step.
    const rec = record(linear(25, 60), { phase: 'BAKING', stepIndex: 1, phaseStartedAt: T0 + 45, weights: weightsFor(50) },
      { updatedAt: T0 + 99 });
    const v = rolloutView({ record: rec, now: T0 + 100, alarms: [] });
    expect(v.nextDecision).toEqual({ inSeconds: 5, what: 'step 2 judged, then shift to 75% candidate' });
    expect(v.variants[1].livePercent).toBeUndefined();
    expect(renderRollout(v)).toMatch(/^green +candidate +50% +-$/m);
  });

  it('counts replayed requests against the shadow gate during a shadow run', () => {
    const plan = shadowFirst(600, { maxErrorRateIncrease: 0.01, maxP99LatencyRatio: 1.2, minRequests: 100 }, canary(10, 300));
    const rec = record(plan, { phase: 'SHADOW', phaseStartedAt: T0, shadowReplay: {
      marker: 'k', objects: 3, sent: 42, errors: 0, timeouts: 0, clientErrors: 0, skippedLines: 0, latenciesMs: [],
    } });
    const v = rolloutView({ record: rec, now: T0 + 100, alarms: [] });
    expect(v.samples).toEqual({ what: 'shadow requests replayed', seen: 42, needed: 100 });
    expect(v.phaseSecondsLeft).toBe(500);
    expect(v.step).toBe(0);
  });

  it('marks ended rollouts and shows no next decision', () => {
    const rolled = rolloutView({ record: record(canary(10, 300), { phase: 'ROLLED_BACK', reason: 'ep-5xx in ALARM',
      cause: 'ALARM' }), now: T0 + 400, alarms: [{ name: 'ep-5xx', state: 'ALARM' }] });
    expect(rolled).toMatchObject({ status: 'Degraded', active: false, nextDecision: undefined, samples: undefined });
    expect(renderRollout(rolled)).toContain('Status:          ✖ Degraded (ROLLED_BACK)\nMessage:         ep-5xx in ALARM');
    expect(rolloutView({ record: record(canary(10, 300), { phase: 'PROMOTED' }), now: T0, alarms: [] }).status).toBe('Healthy');
    expect(rolloutView({ record: record(canary(10, 300), { phase: 'PAUSED' }), now: T0, alarms: [] }).status).toBe('Paused');
  });

  it('formats durations', () => {
    expect([duration(6), duration(216), duration(3723)]).toEqual(['6s', '3m36s', '1h02m03s']);
  });
});

describe('rollout get --watch', () => {
  const advancing = (records: RolloutRecord[]) => advancingAws(records, { candidateInvocations: 31 });
  const baking = record(canary(10, 300), { phase: 'BAKING', stepIndex: 0, phaseStartedAt: T0, weights: weightsFor(10) });

  it('refreshes until the rollout ends; 0 when promoted, 1 when rolled back', async () => {
    const sleeps: number[] = [];
    const io = { now: () => (T0 + 50) * 1000, sleep: async (ms: number) => { sleeps.push(ms); } };
    const promoted = advancing([baking, baking, record(canary(10, 300), { phase: 'PROMOTED' })]);
    const r = await runCli(['rollout', 'get', 'ep', '--watch', '--interval', '2', '--table', 't'], { aws: promoted, io });
    expect(r.code).toBe(0);
    expect(promoted.reads).toBe(3);
    expect(sleeps).toEqual([2000, 2000]);
    expect(r.out).toContain('  Samples:       31/30 candidate invocations (enough)');

    const rolledBack = advancing([baking, baking, record(canary(10, 300), { phase: 'ROLLED_BACK', reason: 'alarm' })]);
    const json = await runCli(['rollout', 'get', 'ep', '-w', '--json', '--table', 't'], { aws: rolledBack, io });
    expect(json.code).toBe(1);
    // One object per change: the second refresh saw the same rollout.
    const lines = json.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.phase)).toEqual(['BAKING', 'ROLLED_BACK']);
  });

  it('not on a terminal, prints the first view in full, then only the lines that changed, when something did', async () => {
    let now = T0 + 50;
    const io = { now: () => now * 1000, sleep: async (ms: number) => { now += ms / 1000; } };
    const ended = record(canary(10, 300), { phase: 'ROLLED_BACK', reason: 'ep-5xx in ALARM', weights: weightsFor(0) },
      { history: [...baking.history!, { at: T0 + 60, kind: 'ROLLBACK', reason: 'ep-5xx in ALARM' }] });
    const r = await runCli(['rollout', 'get', 'ep', '--watch', '--table', 't'], { aws: advancing([baking, baking, baking, ended]), io });
    expect(r.code).toBe(1);
    // The three baking refreshes differ only in their clocks: one frame. The end: a time line, then what changed.
    expect(r.out.match(/^Name: /gm)).toHaveLength(1);
    const [, change] = r.out.split(/^--- /m);
    expect(change.split('\n')[0]).toBe(new Date((T0 + 65) * 1000).toISOString().replace('.000Z', 'Z'));
    expect(change).toContain('Status:          ✖ Degraded (ROLLED_BACK)');
    expect(change).toContain('Message:         ep-5xx in ALARM');
    expect(change).toContain('ROLLBACK  ep-5xx in ALARM');
    expect(change).not.toContain('Name:'); // unchanged lines are not repeated
    expect(r.out.split(/^--- /m)).toHaveLength(2);
  });

  it('redraws in place on a terminal and gives up after --timeout with exit code 5', async () => {
    let now = T0;
    const io = { isTty: true, now: () => now * 1000, sleep: async (ms: number) => { now += ms / 1000; } };
    const r = await runCli(['rollout', 'get', 'ep', '--watch', '--timeout', '12', '--table', 't'],
      { aws: advancing([baking]), io });
    expect(r.code).toBe(5);
    // Refreshes at 0, 5, 10 and 15 s; the one at 15 s is past the 12 s timeout.
    expect(r.out.split('\x1b[2J\x1b[H')).toHaveLength(5);
    expect(r.err).toContain('is still BAKING after --timeout 12 s');
    expect(r.err).toContain('fix: the rollout goes on: follow it again (cdk-mlops rollout status ep --watch)');
  });

  it('with --since, follows only a rollout the deploy started', async () => {
    // The baking rollout started at T0: a deploy that began after it started none.
    const later = await runCli(['rollout', 'get', 'ep', '--watch', '--since', String(T0 + 1), '--table', 't'],
      { aws: advancing([baking]) });
    expect(later).toMatchObject({ code: 0, out: expect.stringContaining('(the latest, r1, is BAKING): nothing to follow') });
    const none = await runCli(['rollout', 'get', 'ep', '--since', '0', '--table', 't'], { aws: advancing([]) });
    expect(none.code).toBe(0);
    const io = { now: () => T0 * 1000, sleep: async () => undefined };
    const same = await runCli(['rollout', 'get', 'ep', '-w', '--since', String(T0), '--table', 't'],
      { aws: advancing([baking, record(canary(10, 300), { phase: 'ROLLED_BACK' })]), io });
    expect(same.code).toBe(1);
  });

  it('shows one refresh without --watch; exit code 0 while active', async () => {
    const fake = advancing([baking]);
    const r = await runCli(['rollout', 'get', 'ep'], { aws: fake, env: { CDK_MLOPS_ROLLOUT_TABLE: 't' } });
    expect(r.code).toBe(0);
    expect(fake.reads).toBe(1);
  });
});
