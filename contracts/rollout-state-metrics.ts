/**
 * The rollout's state as CloudWatch metrics, so a dashboard shows whether a rollout runs, in which phase, with what
 * share ordered and live, and which slot is the candidate. Computed by lambda/core/rollout/state-metrics.ts from a
 * record and the live weights, published by the rollout controller (EMF, ROLLOUT_METRIC_NAMESPACE) and charted by
 * MonitoringDashboard. A metric value cannot hold a name: the candidate slot is the `CandidateVariant` dimension,
 * so a chart draws one line per slot and the line with data is the candidate.
 */
import { ACTIVE_PHASES, type Phase, TERMINAL_PHASES } from './rollout-state';

/** Metric names (namespace ROLLOUT_METRIC_NAMESPACE of contracts/rollout-env.ts). */
export const ROLLOUT_STATE_METRICS = {
  /** 1 while the rollout is active, 0 once it ended (PROMOTED, ROLLED_BACK, ABORTED, FAILED). */
  active: 'RolloutActive',
  /** The phase as its code in ROLLOUT_PHASE_CODES. */
  phase: 'RolloutPhase',
  /** Percent of requests the controller ordered for the candidate. */
  orderedShare: 'CandidateShareOrdered',
  /** Percent of requests the endpoint gives the candidate now (its live weights). */
  liveShare: 'CandidateShareLive',
} as const;

/**
 * Counts of one endpoint's rollouts (dimension EndpointName only), published by the executor when it records a
 * start or an end: what VariantRollout's metricRolloutsStarted / metricPromotions / metricRollbacks count.
 */
export const ROLLOUT_COUNT_METRICS = {
  /** A rollout was recorded as started on the endpoint. */
  started: 'RolloutsStarted',
  /** A rollout ended PROMOTED. */
  promoted: 'RolloutsPromoted',
  /** A rollout ended ROLLED_BACK, ABORTED or FAILED (its candidate serves nothing). */
  rolledBack: 'RolloutsRolledBack',
} as const;

/** Dimension names of every rollout-state metric. */
export const ROLLOUT_STATE_DIMENSIONS = { endpoint: 'EndpointName', candidate: 'CandidateVariant' } as const;

/** Code of each phase in the RolloutPhase metric: active phases in the order a rollout passes them, then the ends. */
export const ROLLOUT_PHASE_CODES: { readonly [phase in Phase]: number } = Object.fromEntries(
  [...ACTIVE_PHASES, ...TERMINAL_PHASES].map((phase, i) => [phase, i + 1]),
) as { readonly [phase in Phase]: number };
