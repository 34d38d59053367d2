/**
 * While a step bakes on sub-minute data, the controller checks when the next period becomes countable (1.5 periods
 * after it ends, on the epoch's period grid: 10 s periods at t = 10k + 15, i.e. t mod 10 = 5), never later than the
 * plan's check interval, and at most half a period apart while the step is young (its first 40 s). On one-minute data
 * it keeps the plan's interval.
 */
import { bakeCheckSeconds, canary, decide, initialState, RolloutState, YOUNG_STEP_SECONDS } from '../../../../lambda/core/rollout';

const tenSecond = { ...canary(10, 300, { probe: false }), metricsPeriodSeconds: 10 };
const thirtySecond = { ...canary(10, 300, { probe: false }), metricsPeriodSeconds: 30 };
const old = YOUNG_STEP_SECONDS;

describe('bakeCheckSeconds', () => {
  it('on 10 s data waits for the next countable instant (t mod 10 = 5)', () => {
    // At 1000 the next period to become countable is [980, 990), at 1005; at 1005 it is [990, 1000), at 1015.
    expect(bakeCheckSeconds(tenSecond, 1000, old)).toBe(5);
    expect(bakeCheckSeconds(tenSecond, 1004, old)).toBe(1);
    expect(bakeCheckSeconds(tenSecond, 1006, old)).toBe(9);
    expect(bakeCheckSeconds(tenSecond, 1005, old)).toBe(10);
  });

  it('looks every 5 s while the step is young', () => {
    expect(bakeCheckSeconds(tenSecond, 1005, 0)).toBe(5);
    expect(bakeCheckSeconds(tenSecond, 1005, YOUNG_STEP_SECONDS - 1)).toBe(5);
    expect(bakeCheckSeconds(tenSecond, 1003, 10)).toBe(2);
  });

  it('never waits longer than the plan\'s check interval', () => {
    // 30 s periods are countable at t mod 30 = 15 (45 s after they end): from 1020 that is 1035, 15 s away.
    expect(bakeCheckSeconds(thirtySecond, 1020, old)).toBe(10);
    expect(bakeCheckSeconds(thirtySecond, 1030, old)).toBe(5);
    expect(bakeCheckSeconds(thirtySecond, 1020, 0)).toBe(10);
  });

  it('keeps the plan\'s interval on one-minute data', () => {
    const minute = canary(10, 300, { probe: false });
    for (const now of [1000, 1004, 1005, 1031]) {
      expect(bakeCheckSeconds(minute, now, 0)).toBe(minute.checkIntervalSeconds);
      expect(bakeCheckSeconds(minute, now, old)).toBe(minute.checkIntervalSeconds);
    }
  });

  it('times the policy\'s next check of a bake', () => {
    const baking = (startedAt: number): RolloutState => ({ ...initialState(800), phase: 'BAKING', stepIndex: 0,
      phaseStartedAt: startedAt, trafficSince: 800, weights: { stable: 90, candidate: 10 } });
    const signals = { alarms: [], candidateInvocations: 20, comparison: { stable: { requests: 0, errors: 0 },
      candidate: { requests: 0, errors: 0 }, periods: [] } };
    expect(decide(baking(900), signals, tenSecond, 1006)).toMatchObject({ kind: 'WAIT', seconds: 9 });
    expect(decide(baking(990), signals, tenSecond, 1006)).toMatchObject({ kind: 'WAIT', seconds: 5 });
    expect(decide(baking(900), signals, canary(10, 300, { probe: false }), 1006)).toMatchObject({ kind: 'WAIT', seconds: 10 });
    // The bake's end still bounds the wait.
    expect(decide(baking(990), signals, tenSecond, 990 + 298)).toMatchObject({ kind: 'WAIT', seconds: 2 });
  });
});
