/** The history row of a record (contracts) and the CLI's history table (pure). */
import { canary, historyRowOf, historySortKey, initialState, RolloutRecord } from '../../lambda/core/rollout';
import { formatDuration, formatHistory } from '../../bin/cli/history-view';

function rec(state: Partial<RolloutRecord['state']>): RolloutRecord {
  return {
    endpointName: 'ep', rolloutId: 'r7', executionArn: 'arn:x', stableVariant: 'blue', candidateVariant: 'green',
    plan: canary(10, 300), alarmNames: [], state: { ...initialState(1_700_000_000), ...state }, history: [], updatedAt: 0,
    candidateModel: 'm2',
  };
}

describe('history rows', () => {
  it('sort keys order by start time, then rollout id, as strings', () => {
    expect(historySortKey(1_700_000_000, 'r7')).toBe('001700000000#r7');
    expect(historySortKey(999, 'b') < historySortKey(1000, 'a')).toBe(true);
  });

  it('an active rollout has no end, duration or expiry beyond its start', () => {
    const row = historyRowOf(rec({ phase: 'BAKING' }), 1_700_000_100, 86400);
    expect(row).toEqual({ endpointName: 'ep', startKey: '001700000000#r7', rolloutId: 'r7', startedAt: 1_700_000_000,
      strategy: 'canary-10%-300s', stableVariant: 'blue', candidateVariant: 'green', candidateModel: 'm2',
      outcome: 'BAKING', executionArn: 'arn:x', expiresAt: 1_700_086_400 });
  });

  it('an ended rollout has its end, duration, cause, reason and an expiry counted from the end', () => {
    const row = historyRowOf(rec({ phase: 'ROLLED_BACK', cause: 'ALARM', reason: 'a in ALARM' }), 1_700_000_754, 3600);
    expect(row).toMatchObject({ outcome: 'ROLLED_BACK', cause: 'ALARM', reason: 'a in ALARM', endedAt: 1_700_000_754,
      durationSeconds: 754, expiresAt: 1_700_004_354 });
    expect(historyRowOf(rec({ phase: 'PROMOTED' }), 1_700_000_010).expiresAt).toBeUndefined();
  });
});

describe('formatHistory', () => {
  it('prints durations in s, m and h', () => {
    expect([formatDuration(undefined), formatDuration(42), formatDuration(754), formatDuration(7322)])
      .toEqual(['-', '42s', '12m34s', '2h02m']);
  });

  it('aligns one line per rollout under the header and cuts long reasons', () => {
    const ended = historyRowOf(rec({ phase: 'ROLLED_BACK', cause: 'ALARM', reason: 'x'.repeat(200) }), 1_700_000_754);
    const active = { ...historyRowOf(rec({ phase: 'SHIFTING' }), 0), rolloutId: 'r8', startedAt: 1_700_001_000 };
    const text = formatHistory('ep', [active, ended], 1_700_001_090);
    expect(text.split('\n')).toEqual([
      'STARTED (UTC)        ROLLOUT  STRATEGY         CANDIDATE   OUTCOME            DURATION  REASON',
      '2023-11-14 22:30:00  r8       canary-10%-300s  green (m2)  SHIFTING (active)  1m30s',
      `2023-11-14 22:13:20  r7       canary-10%-300s  green (m2)  ROLLED_BACK ALARM  12m34s    ${'x'.repeat(79)}…`,
      '',
    ]);
    expect(formatHistory('ep', [], 0)).toBe('no rollouts recorded for ep\n');
  });
});
