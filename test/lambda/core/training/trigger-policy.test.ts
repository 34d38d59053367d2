import type { TriggerPolicyConfig } from '../../../../contracts/training';
import { AlarmTransition, PipelineState, Trigger, alarmWindows, decide } from '../../../../lambda/core/training';

const H = 3_600_000;
const MIN = 60_000;
const DRIFT = 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:drift';
const QUALITY = 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:quality';
const POLICY: TriggerPolicyConfig = {
  coolDownMs: 6 * H,
  minNewRows: 100,
  maxRunMs: 4 * H,
  drift: { alarmArns: [DRIFT], n: 3, m: 4, windowMs: H },
  quality: { alarmArns: [QUALITY], n: 1, m: 1, windowMs: H },
};

/** One step of a scenario: a trigger (times in minutes from 0), the rows counted, and the expected outcome. */
interface Step {
  readonly t: number;
  readonly kind: Trigger['kind'];
  readonly alarm?: string;
  readonly state?: string;
  readonly status?: string;
  readonly rows?: number;
  readonly force?: boolean;
  readonly expect: string;
  /** Expected words of the explanation. */
  readonly why?: RegExp;
}

/** Drives the policy like the handler does: records alarm transitions, starts runs, ends them. */
function run(steps: Step[], policy = POLICY): void {
  let state: PipelineState = {};
  const history: Record<string, AlarmTransition[]> = {};
  let runs = 0;
  steps.forEach((s, i) => {
    const at = s.t * MIN;
    if (s.alarm) (history[s.alarm] ??= []).push({ at, state: s.state ?? 'ALARM' });
    const trigger: Trigger = {
      kind: s.kind, at, alarmArn: s.alarm, alarmState: s.state,
      executionArn: s.kind === 'run-ended' ? `exec-${runs}` : undefined, runStatus: s.status, force: s.force,
    };
    const d = decide({ trigger, state, policy, history, newRows: s.rows });
    const label = `step ${i} (t=${s.t} min, ${s.kind}${s.state ? ' ' + s.state : ''}): ${d.explanation}`;
    expect(`${label} -> ${d.outcome}`).toBe(`${label} -> ${s.expect}`);
    if (s.why) expect(d.explanation).toMatch(s.why);
    state = d.state;
    if (d.outcome === 'started') state = { ...state, running: { executionArn: `exec-${++runs}`, startedAt: at } };
  });
}

describe('alarmWindows', () => {
  const flaps: AlarmTransition[] = [0, 10, 20, 30, 40, 50].map((m, i) => ({ at: (65 + m) * MIN, state: i % 2 ? 'OK' : 'ALARM' }));
  test('flapping inside one window counts once', () => {
    // Windows end at 4h: (3h,4h] (2h,3h] (1h,2h] (0,1h]; the six flaps (1h05 to 1h55) all fall in (1h,2h].
    expect(alarmWindows(flaps, 4 * H, H, 4)).toBe(1);
  });
  test('an alarm that stays in ALARM counts every window it spans', () => {
    expect(alarmWindows([{ at: 90 * MIN, state: 'ALARM' }], 4 * H, H, 4)).toBe(3); // (1h,2h] (2h,3h] (3h,4h]
  });
  test('windows before `since` do not count', () => {
    expect(alarmWindows([{ at: 90 * MIN, state: 'ALARM' }], 4 * H, H, 4, 2 * H)).toBe(2);
  });
});

describe('trigger policy, by scenario', () => {
  test('schedule: first run, one at a time, cool-down, too little data, then a run', () => {
    run([
      { t: 0, kind: 'schedule', expect: 'started', why: /first run/ },
      { t: 30, kind: 'schedule', expect: 'suppressed-already-running', why: /exec-1 is still running/ },
      { t: 60, kind: 'run-ended', status: 'SUCCEEDED', expect: 'recorded', why: /cool-down until 1970-01-01T07:00/ },
      { t: 60 + 5 * 60, kind: 'schedule', rows: 10_000, expect: 'suppressed-cool-down', why: /until 1970-01-01T07:00/ },
      { t: 60 + 6 * 60, kind: 'schedule', rows: 99, expect: 'suppressed-too-little-data', why: /99 new rows .* minimum 100/ },
      { t: 60 + 7 * 60, kind: 'schedule', rows: 100, expect: 'started', why: /100 new rows/ },
    ]);
  });

  test('drift: 3 of 4 hourly windows in ALARM, evidence restarts after a run', () => {
    run([
      { t: 10, kind: 'drift-alarm', alarm: DRIFT, state: 'ALARM', expect: 'no-trigger', why: /1 of the last 4 windows .* needs 3/ },
      { t: 70, kind: 'tick', expect: 'no-trigger' }, // windows (10,70] and (-50,10]: 2 in ALARM (the alarm went off at 10, the end of (-50,10])
      { t: 130, kind: 'tick', rows: 500, expect: 'started', why: /drift alarm drift in ALARM in 3 of the last 4/ }, // (70,130] (10,70] (-50,10]
      { t: 190, kind: 'run-ended', status: 'SUCCEEDED', expect: 'recorded' },
      // Still in ALARM: after the 6 h cool-down, three whole windows after the end (190) are needed.
      { t: 190 + 6 * 60, kind: 'tick', rows: 500, expect: 'started', why: /in ALARM in 4 of the last 4/ },
    ]);
  });

  test('flapping alarm: six flaps in an hour are one window; flaps during a run and its cool-down start nothing', () => {
    const flap = (t: number, state: string): Step => ({ t, kind: 'drift-alarm', alarm: DRIFT, state, expect: 'no-trigger' });
    run([
      flap(0, 'ALARM'), flap(10, 'OK'), flap(20, 'ALARM'), flap(30, 'OK'), flap(40, 'ALARM'), flap(50, 'OK'),
      { t: 60, kind: 'tick', expect: 'no-trigger' },
      flap(70, 'ALARM'), flap(80, 'OK'),
      { t: 130, kind: 'drift-alarm', alarm: DRIFT, state: 'ALARM', rows: 200, expect: 'started', why: /3 of the last 4/ },
      { t: 140, kind: 'drift-alarm', alarm: DRIFT, state: 'OK', expect: 'suppressed-already-running' },
      { t: 150, kind: 'drift-alarm', alarm: DRIFT, state: 'ALARM', expect: 'suppressed-already-running' },
      { t: 200, kind: 'run-ended', status: 'SUCCEEDED', expect: 'recorded' },
      // Flapping on after the run: windows before the end (200) no longer count.
      flap(210, 'OK'), flap(220, 'ALARM'), flap(230, 'OK'),
      { t: 265, kind: 'drift-alarm', alarm: DRIFT, state: 'ALARM', expect: 'no-trigger', why: /1 of the last 4 windows in ALARM since the last run/ },
    ]);
  });

  test('a retraining that fails: cool-down applies, rows still count from the last success, then a retry', () => {
    run([
      { t: 0, kind: 'quality-alarm', alarm: QUALITY, state: 'ALARM', expect: 'started', why: /quality alarm quality/ },
      { t: 100, kind: 'run-ended', status: 'SUCCEEDED', expect: 'recorded' },
      { t: 100 + 6 * 60, kind: 'schedule', rows: 150, expect: 'started' },
      { t: 100 + 7 * 60, kind: 'run-ended', status: 'FAILED', expect: 'recorded', why: /ended FAILED/ },
      { t: 100 + 8 * 60, kind: 'quality-alarm', alarm: QUALITY, state: 'ALARM', expect: 'suppressed-cool-down', why: /\(FAILED\)/ },
      // The failed run trained nothing: new rows are still counted from the start of the last successful run (t=0).
      { t: 100 + 14 * 60, kind: 'schedule', rows: 150, expect: 'started', why: /150 new rows/ },
    ]);
  });

  test('quality alarm: 1 of 1 starts at once; its OK transition asks for nothing', () => {
    run([
      { t: 0, kind: 'quality-alarm', alarm: QUALITY, state: 'OK', expect: 'no-trigger', why: /0 of the last 1/ },
      { t: 5, kind: 'quality-alarm', alarm: QUALITY, state: 'ALARM', expect: 'started' },
    ]);
  });

  test('manual: force skips cool-down and the data minimum, never the one-run rule', () => {
    run([
      { t: 0, kind: 'manual', expect: 'started' },
      { t: 10, kind: 'manual', force: true, expect: 'suppressed-already-running' },
      { t: 20, kind: 'run-ended', status: 'ABORTED', expect: 'recorded' },
      { t: 30, kind: 'manual', rows: 0, expect: 'suppressed-cool-down' },
      { t: 40, kind: 'manual', force: true, rows: 0, expect: 'started', why: /forced/ },
    ]);
  });

  test('a run whose end was lost is taken as ended after the state machine timeout, and its cool-down applies', () => {
    run([
      { t: 0, kind: 'schedule', expect: 'started' },
      { t: 4 * 60 + 1, kind: 'schedule', rows: 1000, expect: 'suppressed-cool-down', why: /ended 1970-01-01T04:00:00.000Z \(UNKNOWN\)/ },
      { t: 10 * 60, kind: 'schedule', rows: 1000, expect: 'started' },
    ]);
  });

  test('the end of another execution changes nothing', () => {
    run([
      { t: 0, kind: 'schedule', expect: 'started' },
      { t: 5, kind: 'run-ended', status: 'FAILED', expect: 'recorded' }, // exec-1 is running; the runner sends exec-1...
    ]);
    const state: PipelineState = { running: { executionArn: 'exec-9', startedAt: 0 } };
    const d = decide({ trigger: { kind: 'run-ended', at: MIN, executionArn: 'exec-1', runStatus: 'FAILED' }, state, policy: POLICY, history: {} });
    expect(d.state).toBe(state);
    expect(d.explanation).toMatch(/not the recorded run/);
  });
});
