/**
 * The rollout protocol's events from outside the execution (pure): a candidate alarm (rollback Lambda), an operator's
 * command (CLI), and a restore handed over after a late raise. Each that ends a rollout lowers first (stable ordered
 * and read back), then records, stops the execution and tells; expected values follow those rules.
 */
import { ALL_CANDIDATE, ALL_STABLE, blueGreen, canary, weightsFor } from '../../../../lambda/core/rollout';
import { kinds, NOW, only, rec, step, view } from './transition-fixtures';

const plan = canary(10, 300, { probe: false });
const canaryShare = weightsFor(plan.steps[0].candidatePercent);
const running = (extra = {}) => rec(plan, { phase: 'BAKING', stepIndex: 0, weights: canaryShare }, { endpointCreatedAt: 500, ...extra });
const serving = view({ blue: 90, green: 10 }, { createdAt: 500 });
const pair = { stableVariant: 'blue', candidateVariant: 'green' };
const END_AND_STOP = ['ORDER_WEIGHTS', 'VERIFY', 'PERSIST', 'HISTORY_ROW', 'STOP_EXECUTION', 'NOTIFY'];

describe('ALARM (rollback Lambda)', () => {
  const alarm = { kind: 'ALARM' as const, alarmName: 'green-5xx', reason: 'Threshold Crossed' };

  test('an active rollout: stable ordered and read back, then ROLLED_BACK (ALARM) recorded, the execution stopped, told', () => {
    const t = step(running(), undefined, alarm);
    expect(kinds(t)).toEqual([...END_AND_STOP, 'ALERT', 'VERIFY']);
    expect(only(t, 'ORDER_WEIGHTS')).toEqual([{ kind: 'ORDER_WEIGHTS', pair, weights: ALL_STABLE }]);
    expect(only(t, 'PERSIST')[0].state).toMatchObject({ phase: 'ROLLED_BACK', cause: 'ALARM', weights: ALL_STABLE });
    expect(only(t, 'STOP_EXECUTION')[0]).toMatchObject({ executionArn: running().executionArn, error: 'RolloutRolledBack',
      cause: 'green-5xx in ALARM: Threshold Crossed' });
    // The last read-back catches a raise persisted before this record but landed after the first read-back.
    expect(t.effects[t.effects.length - 1]).toEqual({ kind: 'VERIFY', pair, weights: ALL_STABLE });
  });

  test('a promoted candidate still in its watch switches back too (the alarm guards KEEP_WARM)', () => {
    const warm = rec(blueGreen(60, 600, { probe: false }), { phase: 'KEEP_WARM', stepIndex: 0, weights: ALL_CANDIDATE });
    const t = step(warm, undefined, alarm);
    expect(only(t, 'PERSIST')[0].state).toMatchObject({ phase: 'ROLLED_BACK', weights: ALL_STABLE });
  });

  test('a rollout that already ended is left alone', () => {
    expect(step(rec(plan, { phase: 'PROMOTED', weights: ALL_CANDIDATE }), undefined, alarm).effects).toEqual([]);
  });
});

describe('COMMAND (CLI)', () => {
  const cmd = (command: 'PAUSE' | 'RESUME' | 'PROMOTE_NOW' | 'ABORT') => ({ kind: 'COMMAND' as const, command, source: 'cdk-mlops rollout x ep' });

  test.each(['PAUSE', 'RESUME', 'PROMOTE_NOW'] as const)('%s is left in the record for the controller, which owns it', (c) => {
    const t = step(running(), serving, cmd(c));
    expect(t.effects).toEqual([{ kind: 'SET_COMMAND', command: c }]);
  });

  test('ABORT: the command left first; then stable ordered and read back; only then ABORTED recorded, stopped, told', () => {
    const t = step(running(), serving, cmd('ABORT'));
    expect(t.kind).toBe('ABORT');
    expect(kinds(t)).toEqual(['SET_COMMAND', ...END_AND_STOP]);
    expect(only(t, 'ORDER_WEIGHTS')[0].weights).toEqual(ALL_STABLE);
    expect(only(t, 'PERSIST')[0]).toMatchObject({ consumeCommand: true,
      state: { phase: 'ABORTED', cause: 'OPERATOR_ABORT', weights: ALL_STABLE, reason: 'aborted by operator (cdk-mlops rollout x ep)' } });
    expect(only(t, 'STOP_EXECUTION')[0].error).toBe('OperatorAbort');
    expect(only(t, 'NOTIFY')[0]).toMatchObject({ sns: true, detail: { phase: 'ABORTED', cause: 'OPERATOR_ABORT' } });
  });

  test('ABORT while an ABORT is pending (the controller did not get to it): no second command, the same end', () => {
    const t = step(running({ command: 'ABORT' }), serving, cmd('ABORT'));
    expect(kinds(t)).toEqual(END_AND_STOP);
  });

  test('other commands while an ABORT is pending are not sent', () => {
    const t = step(running({ command: 'ABORT' }), serving, cmd('PAUSE'));
    expect(t.kind).toBe('NOT_ACTIVE');
    expect(t.effects).toEqual([]);
  });

  test.each([
    ['the endpoint is gone', undefined, /endpoint not found/],
    ['the endpoint was re-created since the rollout started', view({ blue: 50, green: 50 }, { createdAt: 900 }), /re-created/],
  ])('ABORT when %s: recorded and stopped, the weights (not this rollout\'s) untouched', (_why, live, why) => {
    const t = step(running(), live, cmd('ABORT'));
    expect(t.kind).toBe('ABORT_WITHOUT_WEIGHTS');
    expect(kinds(t)).toEqual(['SET_COMMAND', 'PERSIST', 'HISTORY_ROW', 'STOP_EXECUTION', 'NOTIFY']);
    expect(t.reason).toMatch(why);
  });

  test.each([
    ['no rollout recorded', undefined],
    ['the rollout ended', rec(plan, { phase: 'ROLLED_BACK', weights: ALL_STABLE })],
  ])('nothing is sent when %s', (_why, record) => {
    for (const c of ['PAUSE', 'ABORT'] as const) {
      const t = step(record, serving, cmd(c));
      expect(t.kind).toBe('NOT_ACTIVE');
      expect(t.effects).toEqual([]);
    }
  });
});

describe('RESTORE (handed to the rollback Lambda after a late raise)', () => {
  const ended = rec(plan, { phase: 'ABORTED', cause: 'DEPLOY_REVERTED', weights: ALL_STABLE });
  const restore = (rolloutId = 'r1') => ({ kind: 'RESTORE' as const, rolloutId, reason: 'a raise landed late' });

  test('the ended rollout\'s candidate still serves: stable ordered and read back, an entry added (the end is recorded already)', () => {
    const t = step(ended, serving, restore());
    expect(kinds(t)).toEqual(['ORDER_WEIGHTS', 'VERIFY', 'APPEND_ENTRY']);
    expect(only(t, 'ORDER_WEIGHTS')[0]).toEqual({ kind: 'ORDER_WEIGHTS', pair, weights: ALL_STABLE });
    expect(only(t, 'APPEND_ENTRY')[0].entry).toMatchObject({ at: NOW, kind: 'STABLE_RESTORED' });
  });

  test('still Updating with stable weights: not yet settled, so ordered and read back all the same', () => {
    expect(kinds(step(ended, view({ blue: 100, green: 0 }, { status: 'Updating' }), restore()))).toEqual(['ORDER_WEIGHTS', 'VERIFY', 'APPEND_ENTRY']);
  });

  test.each([
    ['stable already holds', ended, view({ blue: 100, green: 0 }), restore()],
    ['the endpoint is gone', ended, undefined, restore()],
    ['another rollout replaced it (its successor owns the weights)', ended, serving, restore('r0')],
    ['it is still running (its own execution owns the weights)', running(), serving, restore()],
    ['it was promoted (the candidate is the model that passed)', rec(plan, { phase: 'PROMOTED', weights: ALL_CANDIDATE }), serving, restore()],
  ])('nothing when %s', (_why, record, live, event) => {
    expect(step(record, live, event).effects).toEqual([]);
  });
});
