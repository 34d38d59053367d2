/**
 * ComponentRollout in the simulator (sim/copy-canary-update.ts): the temporary candidate answers nobody (users stay on
 * stable) and is fed requests only once its copies serve; the rolling update then moves users batch by batch; a
 * rollback during the copy canary leaves every user on stable with nothing to restart.
 */
import { componentRolloutSimulation, CanaryThenRollingUpdate } from '../../sim';
import { ALL_STABLE } from '../../lambda/core/rollout';

const sim = componentRolloutSimulation({ copies: 4, batchCopies: 2, waitIntervalSeconds: 60, canaryBakeSeconds: 120, provisionSeconds: 100,
  requestsPerSecond: 20 });

test('the plan: a shadow run as long as the copies\' start plus the bake, then the rolling update in batches of 2 of 4', () => {
  expect(sim.plan.shadow?.durationSeconds).toBe(220);
  expect(sim.plan.steps.map((s) => s.candidatePercent)).toEqual([50, 100]);
  // The controller replays at most 50 requests per 10-second check: 5 of 20 requests per second.
  expect(sim.shadowSamplingPercent).toBe(25);
});

test('the temporary candidate: fed once its copies serve; users stay on stable; then the rolling update', () => {
  const t = new CanaryThenRollingUpdate(sim.copies!, sim.plan);
  t.startShadow(0);
  t.advance(99);
  expect(t.shadowOn).toBe(false);
  t.advance(100);
  expect(t.shadowOn).toBe(true);
  expect(t.live).toEqual(ALL_STABLE);
  t.shift({ stable: 50, candidate: 50 }, 0, 400);
  t.advance(405);
  expect(t.shadowOn).toBe(false);
  // The first batch of 2 new copies serves after their start (100 s) and replaces 2 old ones: half the requests.
  t.advance(500);
  t.advance(505);
  expect(t.live.candidate).toBe(50);
});

test('a rollback during the copy canary: no copy of the live component to restart, users never left stable', () => {
  const t = new CanaryThenRollingUpdate(sim.copies!, sim.plan);
  t.startShadow(0);
  t.advance(150);
  t.rollback(150);
  t.advance(155);
  expect(t.shadowOn).toBe(false);
  expect(t.live).toEqual(ALL_STABLE);
  expect(t.settled).toBe(true);
});
