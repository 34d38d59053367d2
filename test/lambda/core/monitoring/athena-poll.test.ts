import { ATHENA_POLL, athenaPollDelay, athenaPollStep } from '../../../../lambda/core/monitor-runs';

describe('Athena polling within a run', () => {
  test('delays grow from 500 ms by 1.6x and stop at 10 s', () => {
    expect([0, 1, 2, 3].map(athenaPollDelay)).toEqual([500, 800, 1280, 2048]);
    expect(athenaPollDelay(30)).toBe(ATHENA_POLL.maxMs);
  });
  test.each([
    ['SUCCEEDED', 0, 1000, { action: 'read' }],
    ['FAILED', 0, 1000, { action: 'fail', reason: 'FAILED: why' }],
    ['CANCELLED', 3, 1000, { action: 'fail', reason: 'CANCELLED: why' }],
    ['RUNNING', 0, 1000, { action: 'wait', delayMs: 500 }],
    ['QUEUED', 2, 1000, { action: 'hand-over' }], // 1280 ms would pass the deadline
    ['RUNNING', 0, 499, { action: 'hand-over' }],
    [undefined, 0, 1000, { action: 'wait', delayMs: 500 }],
  ])('%s at attempt %p with %p ms left: %j', (state, attempt, left, step) => {
    expect(athenaPollStep(state, 'why', attempt, 10_000, 10_000 + left)).toEqual(step);
  });
});
