import { Duration } from 'aws-cdk-lib';
import type { DeploymentStrategy } from './deployment-strategy';
import type { ProbeOptions } from './probe-options';
import type { StatisticalGateOptions } from './statistical-gate-options';
import type { ShadowAnswerFormat } from './shadow-answer-format';

/** What a rollout does with a step that has baked but could not be judged within `maxHold`. */
export enum MaxHoldAction {
  /** Put all traffic back on the stable model and report the rollout as failed: an unjudged model is never promoted. */
  FAIL = 'FAIL',
  /** Treat the step as passed and move on (for endpoints with little traffic, where alarms rarely have data). */
  ADVANCE = 'ADVANCE',
}

/** Options every strategy takes. */
export interface StrategyOptions {
  /**
   * How long 100% of traffic on the candidate is watched before it is promoted.
   * @default Duration.seconds(0) (blueGreen: its `bake`)
   */
  readonly finalBake?: Duration;
  /**
   * How long the promoted candidate is still watched after promotion: the candidate's alarms keep guarding it, and one
   * firing in this window switches all traffic back to the previous slot at once (its model stays provisioned at
   * weight 0 for good: blue/green slots are never released). The rollout completes at the end of the window.
   * @default Duration.seconds(0) (blueGreen: its `postPromotionWatch`)
   */
  readonly postPromotionWatch?: Duration;
  /**
   * Candidate invocations a step needs before it can be judged: a handful of requests says little about an error rate.
   * @default 30
   */
  readonly minInvocationsPerStep?: number;
  /**
   * How long past its bake a step may wait for `minInvocationsPerStep` or alarm data before `onMaxHold` applies.
   * @default Duration.minutes(15)
   */
  readonly maxHold?: Duration;
  /**
   * What to do with a step that could not be judged within `maxHold`.
   * @default MaxHoldAction.FAIL
   */
  readonly onMaxHold?: MaxHoldAction;
  /**
   * How often the controller re-reads alarms and metrics while waiting (alarms also roll back at once through EventBridge).
   * @default Duration.seconds(10)
   */
  readonly checkInterval?: Duration;
  /**
   * How long an ordered weight change may take to show on the endpoint before the rollout fails.
   * @default Duration.minutes(5)
   */
  readonly shiftTimeout?: Duration;
  /**
   * A pre- or post-traffic hook that has not reported within this time fails the rollout (the state machine stops
   * waiting for its verdict). Counted in the rollout's worst case, which a deploy must be able to wait for.
   * @default Duration.minutes(10)
   */
  readonly hookTimeout?: Duration;
  /**
   * The bake probe: a few captured requests sent to the candidate at every check of a bake and judged at once, so a
   * bad candidate is rolled back within seconds instead of after CloudWatch's minute. Needs the endpoint's dataCapture.
   * Turn it off with `{ enabled: false }`.
   * @default - on, with the defaults of ProbeOptions (at most 100 probe requests per baked step)
   */
  readonly probe?: ProbeOptions;
  /**
   * A statistical gate beside the alarms. At every check the candidate's 5XX rate (and, with `maxLatencyIncrease`, its
   * mean latency) is compared with stable's by an always-valid sequential test, and a candidate found worse is rolled
   * back. For strategies that keep both variants serving for several minutes (canary, linear, steps).
   * @default - no statistical gate
   */
  readonly statisticalGate?: StatisticalGateOptions;
  /**
   * Name of the plan in logs and status.
   * @default - generated from the strategy, e.g. 'canary-10%-300s'
   */
  readonly name?: string;
}

/**
 * Props of `DeploymentStrategy.canary`, named as aws-codedeploy's `TimeBasedCanaryTrafficRoutingProps` (`percentage`,
 * `interval`). Unlike CodeDeploy's interval, the canary is judged, not timed: it moves on after at least `interval`
 * once it can be judged (`minInvocationsPerStep`, alarm data), and `maxHold` bounds the wait.
 */
export interface CanaryStrategyProps extends StrategyOptions {
  /** Share of requests the candidate takes first, in percent: more than 0 and less than 100. */
  readonly percentage: number;
  /** How long the canary is watched before all traffic moves (at least 1 second). */
  readonly interval: Duration;
}

/**
 * Props of `DeploymentStrategy.linear`, named as aws-codedeploy's `TimeBasedLinearTrafficRoutingProps` (`percentage`,
 * `interval`); each step is judged before the next, as for a canary.
 */
export interface LinearStrategyProps extends StrategyOptions {
  /** Share of requests added at each step, in percent; it must divide 100 (e.g. 10, 20, 25, 50). */
  readonly percentage: number;
  /** How long each step is watched before the next (at least 1 second). */
  readonly interval: Duration;
}

/** Props of `DeploymentStrategy.blueGreen`. */
export interface BlueGreenStrategyProps extends StrategyOptions {
  /** How long all traffic on the new fleet is watched before promotion. */
  readonly bake: Duration;
}

/** One explicit traffic step of `DeploymentStrategy.steps`. */
export interface TrafficStep {
  /** Share of requests on the candidate during this step, in percent (the last step is 100). */
  readonly percent: number;
  /**
   * How long this step is watched before the next one. Leave it out on the last (100%) step: use `finalBake`.
   * @default Duration.seconds(0)
   */
  readonly bake?: Duration;
}

/** Gates a shadow run must pass. */
export interface ShadowGates {
  /**
   * Largest allowed (shadow 5XX rate − stable 5XX rate), as a fraction: 0.01 = one percentage point.
   * @default 0.01
   */
  readonly maxErrorRateIncrease?: number;
  /**
   * Largest allowed shadow p99 / stable p99 of ModelLatency (>= 1; 1.2 = at most 20% slower).
   * @default 1.2
   */
  readonly maxP99LatencyRatio?: number;
  /**
   * Shadow requests needed before the gates can be judged (with answer gates, also the answers compared).
   * @default 100
   */
  readonly minRequests?: number;
  /**
   * Lowest share of replayed requests the candidate answers with the same class as production did, as a fraction
   * (0.95 = 95%). Needs answers read as classes (`answers` classLabel or score) and Data Capture of outputs.
   * @default - agreement is measured and published, not gated
   */
  readonly minAgreement?: number;
  /**
   * Largest mean |candidate − production| over the replayed requests, in the answers' unit. Needs answers read as
   * numbers (`answers` numeric or score) and Data Capture of outputs.
   * @default - measured and published, not gated
   */
  readonly maxMeanAbsoluteDifference?: number;
  /**
   * Largest mean |candidate − production| / |production| over the replayed requests, as a fraction (0.05 = 5%).
   * Needs answers read as numbers (`answers` numeric or score) and Data Capture of outputs.
   * @default - measured and published, not gated
   */
  readonly maxMeanRelativeDifference?: number;
}

/**
 * Props of `DeploymentStrategy.shadowFirst`: a shadow run *by replay*. The candidate slot stays at weight 0 (it
 * answers no user) while the rollout controller sends it a sample of the real requests the endpoint's Data Capture
 * recorded for the stable slot (InvokeEndpoint with TargetVariant; at most 50 per check) and compares each answer
 * with the answer production gave to the same request (agreement and class flips, mean differences). The gates
 * compare the candidate (replay outcomes and answers, CloudWatch p99 of ModelLatency) with the stable slot. The
 * endpoint needs `dataCapture` capturing inputs (and outputs for the answer gates); no endpoint configuration changes.
 */
export interface ShadowFirstStrategyProps {
  /** How long the candidate runs as a shadow (sent replayed production requests, answers nobody). */
  readonly duration: Duration;
  /**
   * What the shadow run must show.
   * @default - the defaults of ShadowGates
   */
  readonly gates?: ShadowGates;
  /**
   * How the prediction is read from an answer (the candidate's and production's captured one alike).
   * @default ShadowAnswerFormat.CLASS_LABEL (the first CSV field or JSON value, as a class label)
   */
  readonly answers?: ShadowAnswerFormat;
  /** The strategy that moves user traffic after the shadow run passed (it cannot have a shadow phase itself). */
  readonly then: DeploymentStrategy;
}
