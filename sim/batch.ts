/** Runs one scenario over many seeds, because a single run's bad-request count depends on minute alignment. */
import { simulateRollout } from './engine';
import type { SimulationOptions, SimulationResult } from './options';

export interface BatchSummary {
  readonly plan: string;
  readonly runs: number;
  readonly rolledBackRuns: number;
  readonly meanBadRequests: number;
  readonly minBadRequests: number;
  readonly medianBadRequests: number;
  readonly maxBadRequests: number;
  /** Mean over runs that rolled back. */
  readonly meanSecondsToRollback?: number;
  /** Mean over runs that reached 100%. */
  readonly meanSecondsTo100Percent?: number;
  /** Final phase → number of runs. */
  readonly outcomes: Readonly<Record<string, number>>;
  readonly results: readonly SimulationResult[];
}

export function simulateMany(options: SimulationOptions, seeds: number): BatchSummary {
  const results: SimulationResult[] = [];
  for (let i = 0; i < seeds; i++) results.push(simulateRollout({ ...options, seed: (options.seed ?? 1) + i }));
  const bad = results.map((r) => r.badRequests).sort((a, b) => a - b);
  const outcomes: Record<string, number> = {};
  for (const r of results) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
  return {
    // The plan that ran (a copy rollout renames it: sim/copies.ts).
    plan: results[0]?.plan ?? options.plan.name,
    runs: seeds,
    rolledBackRuns: results.filter((r) => r.rolledBack).length,
    meanBadRequests: mean(bad) ?? 0,
    minBadRequests: bad[0] ?? 0,
    medianBadRequests: bad[Math.floor(bad.length / 2)] ?? 0,
    maxBadRequests: bad[bad.length - 1] ?? 0,
    meanSecondsToRollback: mean(results.map((r) => r.secondsToRollback)),
    meanSecondsTo100Percent: mean(results.map((r) => r.secondsTo100Percent)),
    outcomes,
    results,
  };
}

function mean(values: ReadonlyArray<number | undefined>): number | undefined {
  const xs = values.filter((v): v is number => v !== undefined);
  return xs.length === 0 ? undefined : xs.reduce((a, b) => a + b, 0) / xs.length;
}
