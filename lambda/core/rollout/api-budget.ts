/**
 * The controller's API calls per rollout, from the plan, and what N rollouts running at once in one account and Region
 * ask of the APIs' default quotas (contracts/api-quotas.ts). Pure; `npm run bench -- rollout` prints the table.
 *
 * One check (a controller step, every `plan.checkIntervalSeconds`, every 5 s in a young step's first 40 s on 10-second
 * data) makes: one DynamoDB read of the rollout record;
 * DescribeEndpoint (live weights); DescribeAlarms for the guarding alarms (100 names per call); one GetMetricData for
 * the metric guard (a query per mirrored metric alarm, over its evaluation periods); while baking, one
 * GetMetricStatistics of the candidate's Invocations; with a statistical gate or the count test (sub-minute data), one
 * GetMetricData of both variants' Invocations, Invocation5XXErrors and ModelLatency (average and count) since the
 * candidate's first traffic (8 queries), per datapoint of the endpoint's period (10 s / 30 s) or per minute. The Step
 * Functions loop takes 3 state transitions per
 * check (step, decide, wait). Writes: the record changes at each check while the probe runs, otherwise only when the
 * rollout moves (a handful per rollout).
 *
 * Batched: one reader per account and Region reads for every active rollout at each check interval, packing the
 * queries of all rollouts into GetMetricData calls of up to 500 and the alarm names into DescribeAlarms calls of up to
 * 100; DescribeEndpoint has no batch form (ListEndpoints returns no weights), nor do the per-record DynamoDB reads
 * (BatchGetItem saves calls, not request units).
 */
import { API_QUOTAS, ApiQuota, ApiQuotaName } from '../../../contracts/api-quotas';
import type { RolloutPlan } from './strategy';
import { YOUNG_STEP_SECONDS, youngStepCheckSeconds } from './check-cadence';

/** What the controller reads besides the plan. */
export interface ControllerReads {
  /** Interval of the endpoint's invocation datapoints: 10 with 10-second metrics, 60 otherwise. */
  readonly metricsPeriodSeconds: number;
  /** Metric alarms read and mirrored by the metric guard. @default 2 (the candidate slot's 5XX and p99 alarms) */
  readonly guardedAlarms?: number;
  /** Periods each mirrored alarm evaluates. @default 1 */
  readonly alarmEvaluationPeriods?: number;
  /**
   * The count test runs at every check (the statistical gate's read of both variants, at the sub-minute period).
   * @default metricsPeriodSeconds < 60
   */
  readonly countTest?: boolean;
  /** Seconds one controller step runs (for Lambda concurrency). @default 2 */
  readonly stepSeconds?: number;
}

/**
 * One rollout's calls per minute in its busiest minute, and the query volume behind them: the first minute of a step's
 * bake, which on sub-minute data checks every half period while the step is young (check-cadence.ts), else the
 * plan's interval.
 */
export interface RolloutCalls {
  readonly checksPerMinute: number;
  readonly getMetricData: number;
  /** MetricDataQuery entries requested (CloudWatch bills GetMetricData per metric requested). */
  readonly metricQueries: number;
  /** Datapoints GetMetricData is asked for (estimated from ranges and periods, as the DPS quota is), at the longest window. */
  readonly datapoints: number;
  readonly getMetricStatistics: number;
  readonly describeEndpoint: number;
  readonly describeAlarms: number;
  readonly dynamoDbReadUnits: number;
  readonly dynamoDbWriteUnits: number;
  readonly stateTransitions: number;
  /** Alarm names read per check, and queries per check, for batching. */
  readonly alarmNamesPerCheck: number;
  readonly queriesPerCheck: number;
  /** Controller steps in flight on average (Lambda concurrency), not per minute. */
  readonly concurrentSteps: number;
}

export function rolloutCallsPerMinute(plan: RolloutPlan, reads: ControllerReads): RolloutCalls {
  const young = Math.min(60, YOUNG_STEP_SECONDS);
  const checks = young / youngStepCheckSeconds(plan.checkIntervalSeconds, reads.metricsPeriodSeconds)
    + (60 - young) / plan.checkIntervalSeconds;
  const alarms = reads.guardedAlarms ?? 2;
  const evaluations = reads.alarmEvaluationPeriods ?? 1;
  const countTest = reads.countTest ?? reads.metricsPeriodSeconds < 60;
  const gate = plan.statisticalGate !== undefined;
  // The longest comparison window: from the candidate's first traffic to the end of the final bake.
  const windowSeconds = plan.steps.reduce((a, s) => a + s.bakeSeconds, 0) + plan.finalBakeSeconds;
  // The gate and the count test share one read of both variants' Invocations, 5XX, mean latency and sample count
  // (lambda/handlers/rollout-controller/comparison.ts), at the endpoint's period when it is below a minute.
  const compared = gate || countTest;
  const comparisonQueries = compared ? 8 : 0;
  const readPeriod = Math.min(60, reads.metricsPeriodSeconds);
  const queriesPerCheck = alarms + comparisonQueries;
  const datapointsPerCheck = alarms * evaluations + comparisonQueries * Math.ceil(windowSeconds / readPeriod);
  return {
    checksPerMinute: checks,
    getMetricData: checks * ((alarms > 0 ? 1 : 0) + (compared ? 1 : 0)),
    metricQueries: checks * queriesPerCheck,
    datapoints: checks * datapointsPerCheck,
    getMetricStatistics: checks,
    describeEndpoint: checks,
    describeAlarms: checks * Math.ceil(alarms / (API_QUOTAS.describeAlarms.perRequest)),
    dynamoDbReadUnits: checks,
    dynamoDbWriteUnits: plan.probe ? checks : 0,
    stateTransitions: 3 * checks,
    alarmNamesPerCheck: alarms,
    queriesPerCheck,
    concurrentSteps: (checks / 60) * (reads.stepSeconds ?? 2),
  };
}

/** One API's load with N rollouts, against its default quota. */
export interface QuotaUse {
  readonly api: ApiQuotaName;
  /** In the quota's unit (per second, or concurrent executions). */
  readonly load: number;
  readonly limit?: number;
  readonly unit: ApiQuota['unit'];
  /** load / limit; undefined when no quota is published. */
  readonly share?: number;
}

/** Every API's load with `rollouts` rollouts running at once, unbatched or with one batched reader. */
export function accountLoad(calls: RolloutCalls, rollouts: number, batched: boolean): QuotaUse[] {
  const perSecond = (perMinute: number) => (rollouts * perMinute) / 60;
  const checkSeconds = 60 / calls.checksPerMinute;
  const loads: Record<ApiQuotaName, number> = {
    getMetricData: batched
      ? Math.ceil((rollouts * calls.queriesPerCheck) / API_QUOTAS.getMetricData.perRequest) / checkSeconds
      : perSecond(calls.getMetricData),
    getMetricDataDatapoints: perSecond(calls.datapoints),
    getMetricStatistics: perSecond(calls.getMetricStatistics),
    describeAlarms: batched
      ? Math.ceil((rollouts * calls.alarmNamesPerCheck) / API_QUOTAS.describeAlarms.perRequest) / checkSeconds
      : perSecond(calls.describeAlarms),
    describeEndpoint: perSecond(calls.describeEndpoint),
    dynamoDbTableReads: perSecond(calls.dynamoDbReadUnits),
    dynamoDbTableWrites: perSecond(calls.dynamoDbWriteUnits),
    stepFunctionsStateTransitions: perSecond(calls.stateTransitions),
    lambdaConcurrentExecutions: rollouts * calls.concurrentSteps,
  };
  return (Object.keys(loads) as ApiQuotaName[]).map((api) => {
    const q: ApiQuota = API_QUOTAS[api];
    return { api, load: loads[api], limit: q.limit, unit: q.unit, ...(q.limit !== undefined ? { share: loads[api] / q.limit } : {}) };
  });
}

/** The most rollouts at once within every published default quota, and the API that stops the next one. */
export function maxConcurrentRollouts(calls: RolloutCalls, batched: boolean, ceiling = 1_000_000): { rollouts: number; limitedBy?: ApiQuotaName } {
  const over = (n: number) => accountLoad(calls, n, batched).find((u) => u.share !== undefined && u.share > 1);
  if (!over(ceiling)) return { rollouts: ceiling };
  // Loads only grow with n (ceil included), so the first n over a quota is found by bisection.
  let lo = 0;
  let hi = ceiling;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (over(mid)) hi = mid; else lo = mid;
  }
  return { rollouts: lo, limitedBy: over(hi)!.api };
}
