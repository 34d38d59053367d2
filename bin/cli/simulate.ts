/**
 * `cdk-mlops simulate`: runs the rollout simulator (the real policy, simulated traffic and CloudWatch) over several
 * seeds, so a strategy can be tuned before it guards real users: how many bad requests a broken candidate serves,
 * how long a good one takes to reach 100%.
 */
import {
  allAtOnce, blueGreen, canary, customSteps, linear, PlanOptions, RolloutPlan,
} from '../../lambda/core/rollout';
import { simulateMany, SimulationOptions } from '../../sim';
import { numberFlag, ParsedArgs, stringFlag } from './args';
import { CliIo, EXIT, UsageError } from './io';

export const SIMULATE_VALUE_FLAGS = [
  'strategy', 'rps', 'stable-error-rate', 'candidate-error-rate', 'degrade-at', 'degrade-error-rate',
  'alarm-threshold', 'evaluation-periods', 'datapoints-to-alarm', 'min-invocations', 'max-hold', 'on-max-hold',
  'check-interval', 'seeds', 'seed', 'horizon',
];
export const SIMULATE_BOOLEAN_FLAGS = ['json', 'no-metric-guard', 'no-alarm-event'];

/**
 * canary:PERCENT:BAKE | linear:PERCENT:INTERVAL | all-at-once | blue-green:BAKE:KEEPWARM | steps:P1,P2,...,100:BAKE
 */
export function planFromStrategy(spec: string, options: PlanOptions): RolloutPlan {
  const [kind, a, b] = spec.split(':');
  const num = (v: string | undefined, what: string) => {
    const n = Number(v);
    if (v === undefined || v === '' || !Number.isFinite(n)) throw new UsageError(`--strategy ${spec}: ${what} is missing or not a number`);
    return n;
  };
  try {
    switch (kind) {
      case 'canary': return canary(num(a, 'percent'), num(b, 'bake seconds'), options);
      case 'linear': return linear(num(a, 'step percent'), num(b, 'interval seconds'), options);
      case 'all-at-once': return allAtOnce(options);
      case 'blue-green': return blueGreen(num(a, 'bake seconds'), num(b ?? '0', 'keep-warm seconds'), options);
      case 'steps': {
        const percents = (a ?? '').split(',').map((p) => num(p, 'step percent'));
        const bake = num(b, 'bake seconds');
        return customSteps(percents.map((p, i) => ({ candidatePercent: p, bakeSeconds: i === percents.length - 1 ? 0 : bake })),
          options);
      }
      default:
        throw new UsageError(`--strategy ${spec}: use canary:10:300, linear:10:60, all-at-once, blue-green:600:300 or ` +
          'steps:1,5,25,100:300');
    }
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--strategy ${spec}: ${(e as Error).message}`);
  }
}

export function runSimulate(args: ParsedArgs, io: CliIo): number {
  const onMaxHold = stringFlag(args, 'on-max-hold');
  if (onMaxHold !== undefined && onMaxHold !== 'FAIL' && onMaxHold !== 'ADVANCE') {
    throw new UsageError(`--on-max-hold must be FAIL or ADVANCE, got ${onMaxHold}`);
  }
  const planOptions: PlanOptions = {
    minInvocationsPerStep: args.flags.has('min-invocations') ? numberFlag(args, 'min-invocations', 30) : undefined,
    maxHoldSeconds: args.flags.has('max-hold') ? numberFlag(args, 'max-hold', 900) : undefined,
    onMaxHold,
    checkIntervalSeconds: args.flags.has('check-interval') ? numberFlag(args, 'check-interval', 10, 1) : undefined,
  };
  const plan = planFromStrategy(stringFlag(args, 'strategy') ?? 'canary:10:300', planOptions);
  const rate = (name: string, fallback: number) => {
    const v = numberFlag(args, name, fallback);
    if (v > 1) throw new UsageError(`--${name} is a fraction in [0, 1], got ${v}`);
    return v;
  };
  const degradeAt = stringFlag(args, 'degrade-at');
  const options: SimulationOptions = {
    plan,
    requestsPerSecond: numberFlag(args, 'rps', 10),
    stable: { errorRate: rate('stable-error-rate', 0.001) },
    candidate: {
      errorRate: rate('candidate-error-rate', 0.001),
      ...(degradeAt !== undefined
        ? { degrade: { atSecond: numberFlag(args, 'degrade-at', 0), errorRate: rate('degrade-error-rate', 0.2) } }
        : {}),
    },
    alarm: {
      threshold: rate('alarm-threshold', 0.05),
      evaluationPeriods: numberFlag(args, 'evaluation-periods', 1, 1),
      datapointsToAlarm: numberFlag(args, 'datapoints-to-alarm', 1, 1),
    },
    controller: { metricGuard: !args.flags.has('no-metric-guard'), rollbackOnAlarmEvent: !args.flags.has('no-alarm-event') },
    horizonSeconds: numberFlag(args, 'horizon', 7200, 1),
    seed: numberFlag(args, 'seed', 1),
  };
  const seeds = numberFlag(args, 'seeds', 20, 1);
  let summary;
  try {
    summary = simulateMany(options, Math.floor(seeds));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { results: _perRun, ...totals } = summary;
  if (args.flags.has('json')) {
    io.out(JSON.stringify({ ...totals, plan: plan.name, options: { ...options, plan: undefined } }, null, 2) + '\n');
    return EXIT.OK;
  }
  const secs = (v?: number) => (v === undefined ? 'n/a' : `${Math.round(v)} s`);
  io.out([
    `strategy ${plan.name}: ${totals.runs} runs at ${options.requestsPerSecond} req/s, candidate error rate ` +
      `${options.candidate.errorRate}${degradeAt !== undefined ? ` (then ${options.candidate.degrade?.errorRate} from ${degradeAt} s)` : ''}`,
    `  outcomes:            ${Object.entries(totals.outcomes).map(([k, n]) => `${k} ${n}`).join(', ')}`,
    `  bad requests:        mean ${totals.meanBadRequests.toFixed(1)}, median ${totals.medianBadRequests}, ` +
      `min ${totals.minBadRequests}, max ${totals.maxBadRequests}`,
    `  time to rollback:    ${secs(totals.meanSecondsToRollback)} (mean over ${totals.rolledBackRuns} rolled-back runs)`,
    `  time to 100%:        ${secs(totals.meanSecondsTo100Percent)}`,
  ].join('\n') + '\n');
  return EXIT.OK;
}
