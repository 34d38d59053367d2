/**
 * Seeded simulator runs whose key figures must not move when the simulator's internals change (the regression guard
 * of sim-regression.test.ts). The option sets are those of scripts/bench-rollout.js and of the sim tests: plans,
 * commands, hooks, 10 s metrics, copies, the alarm event off.
 */
import { allAtOnce, blueGreen, canary, linear, shadowFirst } from '../../lambda/core/rollout';
import { componentRolloutSimulation, nativeCanary, SimulationOptions, SimulationResult } from '../../sim';

const base = { requestsPerSecond: 20, stable: { errorRate: 0.001, latencyMedianMs: 40 }, horizonSeconds: 1800,
  alarm: { threshold: 0.05, evaluationPeriods: 1, datapointsToAlarm: 1 } };
const bad = { errorRate: 0.2, latencyMedianMs: 40 };
const good = { errorRate: 0.001, latencyMedianMs: 42 };
const gates = { maxErrorRateIncrease: 0.01, maxP99LatencyRatio: 1.2, minRequests: 200 };

function seeded(name: string, o: Omit<SimulationOptions, 'seed'>, seeds: readonly number[] = [1, 2, 3]): RegressionCase[] {
  return seeds.map((seed) => ({ name: `${name} seed ${seed}`, options: { ...o, seed } }));
}

export interface RegressionCase {
  readonly name: string;
  readonly options: SimulationOptions;
}

export const REGRESSION_CASES: readonly RegressionCase[] = [
  ...seeded('canary bad', { ...base, plan: canary(10, 300), candidate: bad }),
  ...seeded('canary good', { ...base, plan: canary(10, 300), candidate: good }),
  ...seeded('canary without probe bad', { ...base, plan: canary(10, 300, { probe: false }), candidate: bad }),
  ...seeded('linear bad', { ...base, plan: linear(10, 60), candidate: bad }),
  ...seeded('linear good', { ...base, plan: linear(10, 60), candidate: good }),
  ...seeded('blue/green bad', { ...base, plan: blueGreen(300, 600), candidate: bad }),
  ...seeded('blue/green decays after promotion', { ...base, plan: blueGreen(60, 900),
    candidate: { errorRate: 0.001, degrade: { atSecond: 300, errorRate: 0.3 } } }, [9]),
  ...seeded('all at once bad', { ...base, plan: allAtOnce(), candidate: bad }),
  ...seeded('shadow first bad', { ...base, plan: shadowFirst(300, gates, canary(10, 300)), candidate: bad }),
  ...seeded('shadow first good', { ...base, plan: shadowFirst(300, gates, canary(10, 300)), candidate: good }),
  ...seeded('native canary bad', { ...base, ...nativeCanary({ instanceCount: 2, canaryInstances: 1, waitIntervalSeconds: 300 }),
    candidate: bad }),
  ...seeded('10 s metrics canary bad', { ...base, plan: canary(10, 300), candidate: bad,
    metrics: { periodSeconds: 10 }, alarm: { ...base.alarm, periodSeconds: 10 } }),
  ...seeded('canary without probe bad, no alarm event', { ...base, plan: canary(10, 300, { probe: false }), candidate: bad,
    controller: { rollbackOnAlarmEvent: false, metricGuard: false } }),
  ...seeded('pause then resume good', { ...base, plan: canary(10, 300), candidate: good,
    commands: [{ atSecond: 100, command: 'PAUSE' }, { atSecond: 400, command: 'RESUME' }] }, [4]),
  ...seeded('abort good', { ...base, plan: canary(10, 300), candidate: good,
    commands: [{ atSecond: 205, command: 'ABORT' }] }, [4]),
  ...seeded('promote now good', { ...base, plan: linear(10, 60), candidate: good,
    commands: [{ atSecond: 150, command: 'PROMOTE_NOW' }] }, [5]),
  ...seeded('hooks pass good', { ...base, plan: canary(10, 300, { hooks: { preTraffic: true, postTraffic: true } }),
    candidate: good, hooks: { durationSeconds: 45 } }, [6]),
  ...seeded('copies surge bad', { ...base, plan: canary(10, 300), candidate: bad, copies: { count: 10, mode: 'SURGE' } }, [1, 2]),
  ...seeded('post-traffic hook fails', { ...base, plan: canary(10, 300, { hooks: { postTraffic: true } }), candidate: good,
    hooks: { postTrafficPasses: false } }, [7]),
  ...seeded('copies surge good', { ...base, plan: canary(10, 300), candidate: good, copies: { count: 10, mode: 'SURGE' } }, [1]),
  ...seeded('copy canary then rolling update bad', { ...base, candidate: bad, ...componentRolloutSimulation({
    copies: 4, batchCopies: 2, waitIntervalSeconds: 60, canaryBakeSeconds: 120, provisionSeconds: 100, requestsPerSecond: 20 }) }, [1]),
  ...seeded('copy canary then rolling update good', { ...base, candidate: good, ...componentRolloutSimulation({
    copies: 4, batchCopies: 2, waitIntervalSeconds: 60, canaryBakeSeconds: 120, provisionSeconds: 100, requestsPerSecond: 20 }) }, [1]),
];

/** What a run's user sees and the figures the bench reports; decisions other than waits, with their second. */
export function keyFigures(r: SimulationResult): Record<string, unknown> {
  return {
    outcome: r.outcome, rolledBack: r.rolledBack, cause: r.cause ?? null,
    candidateRequests: r.candidateRequests, badRequests: r.badRequests, probeRequests: r.probeRequests,
    secondsToRollback: r.secondsToRollback ?? null, secondsToRollbackOrder: r.secondsToRollbackOrder ?? null,
    secondsTo100Percent: r.secondsTo100Percent ?? null, secondsToEnd: r.secondsToEnd ?? null,
    rollbackTakesSeconds: r.rollbackTakesSeconds ?? null,
    moves: r.decisions.filter((d) => d.kind !== 'WAIT' && d.kind !== 'HOLD').map((d) => `${d.second}:${d.kind}`),
  };
}
