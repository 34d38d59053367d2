/**
 * `rollout status [--watch] [--timeout]` with the exit semantics of `kubectl argo rollouts status` (0 only for a
 * healthy rollout once it ends, 1 degraded or aborted, here 5 on timeout), one view shared with `rollout get`, no
 * internal names in what the CLI prints, and an error with a fix wherever a rollout is missing.
 */
import { AlarmSignal, canary, initialState, RolloutRecord, weightsFor } from '../../lambda/core/rollout';
import { durationSeconds } from '../../bin/cli/parsers';
import { rolloutView, statusLine } from '../../bin/cli/rollout-view';
import { advancingAws, runCli } from './support';

const T0 = 1_800_000_000;

function record(state: Partial<RolloutRecord['state']>, more: Partial<RolloutRecord> = {}): RolloutRecord {
  return {
    endpointName: 'ep', rolloutId: 'r1', executionArn: 'arn', stableVariant: 'blue', candidateVariant: 'green',
    plan: canary(10, 300), alarmNames: ['ep-5xx'], state: { ...initialState(T0), ...state },
    history: [{ at: T0, kind: 'START', reason: 'rollout started' }], updatedAt: T0, ...more,
  };
}
const baking = record({ phase: 'BAKING', stepIndex: 0, phaseStartedAt: T0, weights: weightsFor(10) });

const advancing = (records: Array<RolloutRecord | undefined>, commandAccepted?: RolloutRecord) =>
  advancingAws(records, { commandAccepted });

/** A clock that the fake sleep advances. */
function clock(start = T0) {
  let now = start;
  return { now: () => now * 1000, sleep: async (ms: number) => { now += ms / 1000; } };
}

describe('status line', () => {
  it('says what an active rollout does, as Argo\'s status does, and why an ended one ended', () => {
    // canary(10, 300) baking since T0: at T0+84, 216 s = 3m36s of the bake are left.
    const at = (rec: RolloutRecord, alarms: AlarmSignal[] = [{ name: 'ep-5xx', state: 'OK' }]) =>
      statusLine(rolloutView({ record: rec, now: T0 + 84, alarms }));
    expect(at(baking)).toBe('Progressing - step 1/2 (candidate 10%), baking, 3m36s left');
    expect(at({ ...baking, command: 'PROMOTE_NOW' }, [{ name: 'ep-5xx', state: 'ALARM' }]))
      .toBe('Progressing - step 1/2 (candidate 10%), baking, 3m36s left, in ALARM: ep-5xx, promote pending');
    expect(at(record({ phase: 'PAUSED', stepIndex: 0 }))).toBe('Paused - step 1/2 (candidate 10%), paused');
    expect(at(record({ phase: 'ROLLED_BACK', reason: 'ep-5xx in ALARM' }))).toBe('Degraded - ROLLED_BACK: ep-5xx in ALARM');
    expect(at(record({ phase: 'ABORTED', reason: 'aborted by operator' }))).toBe('Aborted - ABORTED: aborted by operator');
    expect(at(record({ phase: 'PROMOTED' }))).toBe('Healthy - PROMOTED');
  });
});

describe('rollout status', () => {
  it('prints one line; exit 0 while active or once promoted, 1 when rolled back or aborted', async () => {
    const io = clock(T0 + 84);
    const once = await runCli(['rollout', 'status', 'ep', '--table', 't'], { aws: advancing([baking]), io });
    expect(once).toEqual({ code: 0, out: 'Progressing - step 1/2 (candidate 10%), baking, 3m36s left\n', err: '' });
    for (const [phase, code] of [['PROMOTED', 0], ['ROLLED_BACK', 1], ['FAILED', 1], ['ABORTED', 1]] as const) {
      const r = await runCli(['rollout', 'status', 'ep', '--table', 't'], { aws: advancing([record({ phase })]), io });
      expect({ phase, code: r.code }).toEqual({ phase, code });
    }
  });

  it('shows the record as rollout get does: the same view under --json', async () => {
    const io = clock(T0 + 84);
    const status = await runCli(['rollout', 'status', 'ep', '--json', '--table', 't'], { aws: advancing([baking]), io });
    const get = await runCli(['rollout', 'get', 'ep', '--json', '--table', 't'], { aws: advancing([baking]), io });
    expect(JSON.parse(status.out)).toEqual(JSON.parse(get.out));
    expect(JSON.parse(status.out)).toMatchObject({ status: 'Progressing', phase: 'BAKING', step: 1, steps: 2 });
  });

  it('--watch prints a line each time it changes, until the rollout ends: 0 when healthy, 1 when degraded', async () => {
    const promoting = [baking, baking, record({ phase: 'SHIFTING', stepIndex: 1, phaseStartedAt: T0 + 20, weights: weightsFor(100) }),
      record({ phase: 'PROMOTED', weights: weightsFor(100) })];
    const r = await runCli(['rollout', 'status', 'ep', '--watch', '--interval', '10', '--table', 't'],
      { aws: advancing(promoting), io: clock() });
    expect(r.code).toBe(0);
    // The second refresh only counted down: no line for it.
    expect(r.out.split('\n').filter(Boolean)).toEqual([
      'Progressing - step 1/2 (candidate 10%), baking, 5m00s left',
      'Progressing - step 2/2 (candidate 100%), shifting',
      'Healthy - PROMOTED',
    ]);
    const aborted = await runCli(['rollout', 'status', 'ep', '-w', '--table', 't'],
      { aws: advancing([baking, record({ phase: 'ABORTED', reason: 'aborted by operator' })]), io: clock() });
    expect(aborted.code).toBe(1);
    expect(aborted.out).toContain('Aborted - ABORTED: aborted by operator');
  });

  it('--timeout takes Argo\'s durations and gives up with exit 5 and a fix; 0 waits for the end', async () => {
    const long = await runCli(['rollout', 'status', 'ep', '--watch', '--timeout', '1m', '--interval', '20', '--table', 't'],
      { aws: advancing([baking]), io: clock() });
    expect(long.code).toBe(5);
    expect(long.err).toBe('error: rollout r1 on ep is still BAKING after --timeout 60 s\nfix: the rollout goes on: follow it ' +
      'again (cdk-mlops rollout status ep --watch), or end it (cdk-mlops rollout abort ep)\n');
    const json = await runCli(['rollout', 'status', 'ep', '-w', '-t', '30s', '--json', '--table', 't'], { aws: advancing([baking]), io: clock() });
    expect(JSON.parse(json.out.trim().split('\n').pop()!)).toMatchObject({ error: 'TIMEOUT', exitCode: 5, fix: expect.any(String) });
    // Without a limit it follows a rollout that takes 200 refreshes.
    const slow = await runCli(['rollout', 'status', 'ep', '-w', '--timeout', '0', '--table', 't'],
      { aws: advancing([...Array(200).fill(baking), record({ phase: 'PROMOTED' })]), io: clock() });
    expect(slow.code).toBe(0);
    const bad = await runCli(['rollout', 'status', 'ep', '--timeout', '5 minutes', '--table', 't'], { aws: advancing([baking]) });
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('use seconds or a duration such as 90s, 15m or 1h30m');
  });

  it('reads durations as kubectl does', () => {
    expect(['90', '90s', '2m', '1h30m', '1h', '0', '1.5s'].map(durationSeconds)).toEqual([90, 90, 120, 5400, 3600, 0, 1.5]);
    for (const bad of ['', 'm', '1d', '-5', '2m1h']) expect(() => durationSeconds(bad)).toThrow('use seconds or a duration');
  });
});

describe('what the operator commands print', () => {
  it('names commands as users type them, never the record\'s internal names', async () => {
    const accepted = { ...baking, command: 'PROMOTE_NOW' as const };
    const sent = await runCli(['rollout', 'promote', 'ep', '--table', 't'], { aws: advancing([baking], accepted) });
    expect(sent.out).toBe('promote sent to rollout r1 on ep (phase BAKING); the controller applies it at its next step.\n');
    const json = await runCli(['rollout', 'promote', 'ep', '--json', '--table', 't'], { aws: advancing([baking], accepted) });
    expect(JSON.parse(json.out).command).toBe('promote');
    const get = await runCli(['rollout', 'get', 'ep', '--table', 't'], { aws: advancing([accepted]), io: clock() });
    expect(get.out).toContain('  Next decision: in 10s: promote applied');
    expect(get.out).toContain('  Command:       promote (pending)');
    const ended = await runCli(['rollout', 'promote', 'ep', '--table', 't'], { aws: advancing([record({ phase: 'ROLLED_BACK' })]) });
    expect(ended).toMatchObject({ code: 3, err: 'error: nothing to promote: the rollout r1 on ep is not active (phase ROLLED_BACK)\n' +
      'fix: see where it stands: cdk-mlops rollout status ep\n' });
    for (const out of [sent.out, json.out, get.out, ended.err]) expect(out).not.toMatch(/PROMOTE_NOW|[A-Z]+_NOW/);
  });

  it('reports a missing rollout with a fix, in text and JSON, for every command that reads one', async () => {
    for (const cmd of ['get', 'status', 'history', 'pause', 'resume', 'promote', 'abort']) {
      const text = await runCli(['rollout', cmd, 'ep', '--table', 't'], { aws: advancing([undefined]) });
      expect({ cmd, code: text.code }).toEqual({ cmd, code: 3 });
      expect(text.err).toMatch(/^error: .*no rollout recorded for endpoint ep in table t\nfix: check the endpoint name, and that --table/);
      const json = JSON.parse((await runCli(['rollout', cmd, 'ep', '--table', 't', '--json'], { aws: advancing([undefined]) })).out);
      expect(json).toMatchObject({ error: 'NOT_FOUND', exitCode: 3, fix: expect.stringContaining('cdk-mlops rollout history ep') });
    }
  });
});
