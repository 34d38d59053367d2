/**
 * `cdk-mlops simulate`: runs the rollout simulator (the real policy, simulated traffic and CloudWatch) over several
 * seeds, so a strategy can be tuned before it guards real users: how many bad requests a broken candidate serves,
 * how long a good one takes to reach 100%, and why runs that did not promote did not.
 */
import * as fs from 'fs';
import type { PlanOptions, ShadowGates } from '../../lambda/core/rollout';
import {
  describeLifecycle, LifecycleEventKind, LifecycleInjection, simulateMany, simulateRollout, SimulationOptions, SimulationResult,
} from '../../sim';
import { explainOutcomes, formatExplanations } from './explain';
import { CliError, CliIo, EXIT, UsageError } from './io';
import { plotSvg } from './plot-svg';
import { CopyMode, copySimulation } from './simulate-copies';
import { DEFAULT_SHADOW_GATES, parseStrategy } from './strategy-spec';

/** The parsed flags (commander camel-cases them). */
export interface SimulateOptions {
  readonly strategy: string;
  readonly rps: number;
  readonly stableErrorRate: number;
  readonly candidateErrorRate: number;
  readonly degradeAt?: number;
  readonly degradeErrorRate: number;
  readonly alarmThreshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly minInvocations?: number;
  readonly maxHold?: number;
  readonly onMaxHold?: 'FAIL' | 'ADVANCE';
  readonly checkInterval?: number;
  readonly shadowMaxErrorIncrease?: number;
  readonly shadowMaxP99Ratio?: number;
  readonly shadowMinRequests?: number;
  readonly metricGuard: boolean;
  readonly alarmEvent: boolean;
  readonly seeds: number;
  readonly seed: number;
  readonly horizon: number;
  readonly plot?: string;
  readonly json?: boolean;
  readonly copies?: number;
  readonly copyMode?: CopyMode;
  readonly copyProvision?: number;
  readonly copyBatch?: number;
  readonly stackRollbackAt?: number;
  readonly cancelAt?: number;
  readonly redeliverAt?: number;
}

/** The lifecycle flags and the events they inject. */
const LIFECYCLE_FLAGS: ReadonlyArray<readonly [keyof SimulateOptions, string, LifecycleEventKind]> = [
  ['stackRollbackAt', '--stack-rollback-at', 'STACK_ROLLBACK'],
  ['cancelAt', '--cancel-at', 'CANCEL_UPDATE'],
  ['redeliverAt', '--redeliver-at', 'REDELIVER'],
];

/** CloudFormation events to inject, from the flags; one past the horizon would never happen, so it is refused. */
export function lifecycleOf(a: SimulateOptions): LifecycleInjection[] {
  const out: LifecycleInjection[] = [];
  for (const [key, flag, event] of LIFECYCLE_FLAGS) {
    const at = a[key] as number | undefined;
    if (at === undefined) continue;
    if (at >= a.horizon) {
      throw new UsageError(`${flag} ${at} is not before the end of the run (--horizon ${a.horizon})`,
        `use ${flag} below ${a.horizon}, or a longer --horizon`);
    }
    out.push({ atSecond: at, event });
  }
  return out;
}

/** Seconds per point of the --plot timeline. */
const PLOT_BUCKET_SECONDS = 10;

export function simulationOptions(a: SimulateOptions): SimulationOptions {
  const planOptions: PlanOptions = {
    minInvocationsPerStep: a.minInvocations,
    maxHoldSeconds: a.maxHold,
    onMaxHold: a.onMaxHold,
    checkIntervalSeconds: a.checkInterval,
  };
  const gates: ShadowGates = {
    maxErrorRateIncrease: a.shadowMaxErrorIncrease ?? DEFAULT_SHADOW_GATES.maxErrorRateIncrease,
    maxP99LatencyRatio: a.shadowMaxP99Ratio ?? DEFAULT_SHADOW_GATES.maxP99LatencyRatio,
    minRequests: a.shadowMinRequests ?? DEFAULT_SHADOW_GATES.minRequests,
  };
  const { plan, simulation } = parseStrategy(a.strategy, planOptions, gates);
  const lifecycle = lifecycleOf(a);
  return {
    plan,
    requestsPerSecond: a.rps,
    stable: { errorRate: a.stableErrorRate },
    candidate: {
      errorRate: a.candidateErrorRate,
      ...(a.degradeAt !== undefined ? { degrade: { atSecond: a.degradeAt, errorRate: a.degradeErrorRate } } : {}),
    },
    alarm: {
      threshold: a.alarmThreshold,
      evaluationPeriods: a.evaluationPeriods,
      datapointsToAlarm: a.datapointsToAlarm,
      ...simulation?.alarm,
    },
    controller: { metricGuard: a.metricGuard, rollbackOnAlarmEvent: a.alarmEvent, ...simulation?.controller },
    horizonSeconds: a.horizon,
    seed: a.seed,
    ...(lifecycle.length > 0 ? { lifecycle } : {}),
  };
}

export function runSimulate(a: SimulateOptions, io: CliIo): number {
  if (a.datapointsToAlarm > a.evaluationPeriods) {
    throw new UsageError(`--datapoints-to-alarm ${a.datapointsToAlarm} is more than --evaluation-periods ` +
      `${a.evaluationPeriods}`, `use --datapoints-to-alarm <= --evaluation-periods`);
  }
  const options = simulationOptions(a);
  const copyOptions = copySimulation(a, options);
  const run = (o: SimulationOptions) => {
    try {
      return simulateMany(o, a.seeds);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  };
  const { results, ...totals } = run(options);
  const explanations = explainOutcomes(results, options);
  const copies = copyOptions && run(copyOptions);
  let plotted: string | undefined;
  if (a.plot !== undefined) plotted = writePlot(a.plot, options);
  if (a.json) {
    const copyTotals = copies && (({ results: _r, ...t }) => t)(copies);
    const injected = results[0].lifecycle;
    io.out(JSON.stringify({ ...totals, plan: options.plan.name, explanations, ...(plotted ? { plot: plotted } : {}),
      ...(injected ? { lifecycle: { seed: options.seed ?? 1, events: injected } } : {}),
      ...(copyTotals ? { copies: { ...copyTotals, explanations: explainOutcomes(copies.results, copyOptions!) } } : {}),
      options: { ...options, plan: undefined } }, null, 2) + '\n');
    return EXIT.OK;
  }
  const degrade = options.candidate.degrade;
  io.out(`strategy ${totals.plan}: ${totals.runs} runs at ${options.requestsPerSecond} req/s, candidate error rate ` +
    `${options.candidate.errorRate}${degrade ? ` (then ${degrade.errorRate} from ${degrade.atSecond} s)` : ''}\n` +
    summaryLines(totals) + lifecycleLines(results[0], options.seed ?? 1) + formatExplanations(explanations) +
    (plotted ? `  plot:                ${plotted} (seed ${options.seed ?? 1})\n` : ''));
  if (copies) {
    const c = copyOptions!.copies!;
    io.out(`${c.canaryFirst ? 'ComponentRollout (copy canary, then the rolling update)' : c.mode === 'SURGE' ? 'copy-count canary' : 'SageMaker rolling update'} ${copies.plan} of the same candidate: ${c.count} copies, ` +
      `${c.provisionSeconds} s to start a batch${c.batchCopies ? ` of ${c.batchCopies}` : ''}\n` +
      summaryLines(copies) + formatExplanations(explainOutcomes(copies.results, copyOptions!)));
  }
  return EXIT.OK;
}

/** The figures of one batch of runs, as the summary prints them. */
function summaryLines(t: Omit<ReturnType<typeof simulateMany>, 'results'>): string {
  const secs = (v?: number) => (v === undefined ? 'n/a' : `${Math.round(v)} s`);
  return [
    `  outcomes:            ${Object.entries(t.outcomes).map(([k, n]) => `${k} ${n}`).join(', ')}`,
    `  bad requests:        mean ${t.meanBadRequests.toFixed(1)}, median ${t.medianBadRequests}, ` +
      `min ${t.minBadRequests}, max ${t.maxBadRequests}`,
    `  time to rollback:    ${secs(t.meanSecondsToRollback)} (mean over ${t.rolledBackRuns} rolled-back runs)`,
    `  time to 100%:        ${secs(t.meanSecondsTo100Percent)}`,
  ].join('\n') + '\n';
}

/** What each injected CloudFormation event did in the first run (the others inject it at the same second). */
function lifecycleLines(first: SimulationResult, seed: number): string {
  return (first.lifecycle ?? []).map((l) => `  lifecycle (seed ${seed}): ${describeLifecycle(l)}\n`).join('');
}

function writePlot(file: string, options: SimulationOptions): string {
  const run = simulateRollout({ ...options, timelineBucketSeconds: PLOT_BUCKET_SECONDS });
  const svg = plotSvg({
    title: `${options.plan.name}: ${run.outcome} (seed ${options.seed ?? 1}, ${options.requestsPerSecond} req/s)`,
    timeline: run.timeline ?? [],
    bucketSeconds: PLOT_BUCKET_SECONDS,
    alarmThreshold: options.alarm?.threshold ?? 0.05,
    decisions: run.decisions,
    signals: run.signals,
    ...(run.lifecycle ? { lifecycle: run.lifecycle } : {}),
    outcome: run.outcome,
    ...(run.cause ? { cause: run.cause } : {}),
  });
  try {
    fs.writeFileSync(file, svg);
  } catch (e) {
    throw new CliError('PLOT_NOT_WRITTEN', `--plot ${file}: ${(e as Error).message}`, EXIT.USAGE,
      'give a path in a writable directory');
  }
  return file;
}
