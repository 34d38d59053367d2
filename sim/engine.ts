/**
 * Second-by-second simulation of a rollout on one endpoint, driven by the REAL rollout protocol: every writer's
 * event goes through the one pure `transition` (lambda/core/rollout/transition.ts) and its effects are applied by
 * sim/effects.ts, as the executor applies them in AWS.
 *
 * Each simulated second: pending endpoint updates take effect; Poisson traffic is routed by the live weights
 * (and copied to the shadow variant when one runs); CloudWatch evaluates the alarm on published datapoints (once
 * a minute, or every 10 s for a 10 s / 30 s alarm on 10 s datapoints); injected CloudFormation events reach the
 * deploy trigger's transition (sim/lifecycle.ts); operator commands the CLI's; an alarm event the rollback Lambda's
 * (ALARM); and, when its poll is due, the controller reads the signals it could read in AWS (published metrics only:
 * controller-signals.ts) and makes its TICK.
 */
import {
  ALL_STABLE, deployTransition, HookVerdictEvent, isTerminal, RolloutState, sameWeights, Transition, transition,
} from '../lambda/core/rollout';
import { SimRollout } from './effects';
import { deployEventOf, LIFECYCLE_EVENTS, LifecycleRecord, stackStatusOf } from './lifecycle';
import { probeCheck } from './probe';
import { CanaryThenRollingUpdate } from './copy-canary-update';
import { CopyFleet, copyFleetPlan } from './copies';
import { TrafficControl, WeightTraffic } from './traffic';
import { AlarmConfig, alarmEvaluationEverySeconds, MetricStore, SimAlarm } from './cloudwatch';
import { controllerSignals } from './controller-signals';
import { Prng } from './prng';
import type { DecisionRecord, SignalRecord, SimulationOptions, SimulationResult, TimelinePoint, VariantProfile } from './options';

/** Stable traffic before the rollout starts, so the alarm has evaluated and metrics exist. */
const WARM_UP_SECONDS = 120;

export const DEFAULT_ALARM: AlarmConfig = { threshold: 0.05, evaluationPeriods: 1, datapointsToAlarm: 1, scope: 'candidate' };

export function simulateRollout(o: SimulationOptions): SimulationResult {
  checkOptions(o);
  // As a VariantRollout tells the controller: an endpoint publishing below a minute is read (and counted) at that period.
  // A copy run is a ComponentRollout's, which reads its component at one minute (readComponentBaseline) whatever the
  // endpoint publishes: its plan keeps one-minute reads.
  const metricsPeriod = o.metrics?.periodSeconds ?? 60;
  const plan = o.copies ? copyFleetPlan(o.plan, o.copies)
    : metricsPeriod < 60 ? { ...o.plan, metricsPeriodSeconds: metricsPeriod } : o.plan;
  const seed = o.seed ?? 1;
  const rng = new Prng(seed);
  const evalOffset = o.metrics?.alarmEvaluationOffsetSeconds ?? rng.int(60);
  const start = WARM_UP_SECONDS + (o.startOffsetSeconds ?? rng.int(60));
  const horizon = start + (o.horizonSeconds ?? 7200);
  const period = o.metrics?.periodSeconds ?? 60;
  const delay = o.metrics?.publishDelaySeconds ?? period;
  const jitter = o.metrics?.publishJitterSeconds ?? period / 4;
  // Jitter is a function of the period (not of call order), and below the period so publication stays in order.
  const publishAt = (p: number) => (p + 1) * period + delay + Math.floor(new Prng(seed * 7919 + p).next() * jitter);
  const metrics = new MetricStore(publishAt, period);
  const alarmConfig: AlarmConfig = { ...DEFAULT_ALARM, ...o.alarm };
  const alarm = new SimAlarm('candidate-5xx', alarmConfig, metrics);
  const evalEvery = alarmEvaluationEverySeconds(alarmConfig.periodSeconds ?? 60);

  const c = o.controller ?? {};
  const checkInterval = c.checkIntervalSeconds ?? plan.checkIntervalSeconds;
  const onAlarmEvent = c.rollbackOnAlarmEvent ?? true;
  const eventLatency = c.alarmEventLatencySeconds ?? 2;
  const shiftLatency = c.shiftLatencySeconds ?? 10;
  const rollbackLatency = c.rollbackLatencySeconds ?? 5;
  const guard = (c.metricGuard ?? true) ? new SimAlarm('candidate-5xx (metric guard)', alarmConfig, metrics) : undefined;
  const sources = { plan, metrics, alarms: guard ? [alarm, guard] : [alarm] };
  const hookDuration = o.hooks?.durationSeconds ?? 30;
  const sampling = o.shadowSamplingPercent ?? 100;
  const commands = [...(o.commands ?? [])].sort((a, b) => a.atSecond - b.atSecond);
  // Probe requests draw from their own stream, so user traffic is the same with and without the probe.
  const probeRng = new Prng(seed * 104729 + 17);
  const probing = c.probe ?? true;
  let probeRequests = 0;

  const traffic: TrafficControl = o.copies?.canaryFirst ? new CanaryThenRollingUpdate(o.copies, o.plan)
    : o.copies ? new CopyFleet(o.copies, o.plan) : new WeightTraffic(shiftLatency, rollbackLatency);
  const sim = new SimRollout(plan, traffic, start);
  const planJson = JSON.stringify(plan);
  const lifecycle = [...(o.lifecycle ?? [])].sort((a, b) => a.atSecond - b.atSecond);
  const lifecycleLog: LifecycleRecord[] = [];
  let awaitingStable: number | undefined;
  const endpointUpdate = c.endpointUpdateSeconds ?? 300;
  let nextCheck = start;
  let eventCheck: number | undefined;
  let hookDoneAt: number | undefined;
  let endedAt: number | undefined;
  let rollbackEffectiveAt: number | undefined;
  let reached100: number | undefined;
  let firstCandidateAt: number | undefined;
  let candidateRequests = 0;
  let badRequests = 0;
  const decisions: DecisionRecord[] = [];
  const signalLog: SignalRecord[] = [];
  const bucket = o.timelineBucketSeconds;
  const timeline: TimelinePoint[] | undefined = bucket !== undefined ? [] : undefined;
  let counts = { stableRequests: 0, stableErrors: 0, candidateRequests: 0, candidateErrors: 0, shadow: false };
  const phase = () => sim.record.state.phase;
  /** Read-backs that hold now; the trigger's answers CloudFormation, whose next step is the endpoint's own revert. */
  const readBack = (t: number) => {
    if (sim.readBack(t) === undefined || awaitingStable === undefined || !sameWeights(traffic.live, ALL_STABLE)) return;
    lifecycleLog[awaitingStable] = { ...lifecycleLog[awaitingStable], stableAt: t - start };
    // The endpoint's update keeps the live weights (RetainAllVariantProperties): it is Updating, nothing more.
    sim.endpointUpdatingUntil = t + endpointUpdate;
    awaitingStable = undefined;
  };
  const onStable = () => ['ROLLED_BACK', 'ABORTED', 'FAILED'].includes(phase());
  /** Applies a writer's transition; the second the rollout ended is kept for the figures. */
  const apply = (writer: string, tr: Transition, t: number, decided: boolean) => {
    const before = phase();
    sim.apply(writer, tr, t);
    if (decided) decisions.push({ second: t - start, kind: tr.kind, reason: tr.reason });
    // A promotion reverted by the stack's rollback ends again, on stable.
    if (phase() !== before && isTerminal(phase())) endedAt = t;
  };

  for (let t = 0; t < horizon; t++) {
    // 1. Endpoint updates ordered earlier take effect; read-backs that now hold are noted.
    const changed = traffic.advance(t);
    const live = traffic.live;
    if (changed && onStable() && live.candidate === 0) rollbackEffectiveAt ??= t;
    if (live.candidate === 100) reached100 ??= t;
    readBack(t);

    // 2. This second's traffic.
    const n = rng.poisson(o.requestsPerSecond);
    for (let i = 0; i < n; i++) {
      const toCandidate = live.candidate > 0 && rng.next() * 100 < live.candidate;
      const profile = toCandidate ? o.candidate : o.stable;
      const failed = rng.bernoulli(errorRateAt(profile, t - start));
      metrics.record(toCandidate ? 'candidate' : 'stable', t, failed, latency(rng, profile));
      if (timeline && t >= start) {
        if (toCandidate) {
          counts.candidateRequests++;
          if (failed) counts.candidateErrors++;
        } else {
          counts.stableRequests++;
          if (failed) counts.stableErrors++;
        }
      }
      if (toCandidate) {
        candidateRequests++;
        firstCandidateAt ??= t;
        if (failed) badRequests++;
      } else if (traffic.shadowOn && rng.next() * 100 < sampling) {
        // The shadow's answer is recorded under the candidate's variant name and discarded: users never see it.
        metrics.record('candidate', t, rng.bernoulli(errorRateAt(o.candidate, t - start)), latency(rng, o.candidate));
      }
    }

    // 3. CloudWatch evaluates the alarm once a minute (every 10 s for a 10 s or 30 s period).
    if (t % evalEvery === evalOffset % evalEvery && alarm.evaluate(t) && sim.running && t >= start) {
      signalLog.push({ second: t - start, source: 'alarm', detail: `${alarm.name} in ALARM` });
      if (onAlarmEvent) eventCheck = Math.min(eventCheck ?? Infinity, t + eventLatency);
    }

    // 4. CloudFormation's events, with the stack's status, go to the trigger's transition.
    while (lifecycle.length > 0 && start + lifecycle[0].atSecond <= t) {
      const injected = lifecycle.shift()!;
      const tr = deployTransition(sim.record, sim.view(t), deployEventOf(injected.event, planJson, t), t);
      const phaseBefore = phase();
      apply('trigger', tr, t, false);
      lifecycleLog.push({ second: t - start, event: injected.event, stackStatus: stackStatusOf(injected.event),
        transition: tr.kind, reason: tr.reason, phaseBefore, phase: phase() });
      if (tr.effects.some((e) => e.kind === 'VERIFY')) awaitingStable = lifecycleLog.length - 1;
      // A read-back of what already holds answers at once.
      readBack(t);
    }

    // 5. The operator's commands (the CLI's transition), then the alarm's event (the rollback Lambda's).
    while (commands.length > 0 && start + commands[0].atSecond <= t) {
      const command = commands.shift()!.command;
      const tr = transition(sim.record, sim.view(t), { kind: 'COMMAND', command, source: `cdk-mlops rollout ${command.toLowerCase()}` }, t);
      apply('cli', tr, t, tr.kind === 'ABORT');
    }
    if (eventCheck !== undefined && t >= eventCheck) {
      eventCheck = undefined;
      if (sim.running) apply('rollback-lambda', transition(sim.record, undefined, { kind: 'ALARM', alarmName: alarm.name }, t), t, true);
    }

    // 6. The controller's check (the state machine's step), while the execution runs.
    if (sim.running && t >= start && t >= nextCheck) {
      const hook = hookVerdict(sim.record.state, hookDoneAt, t, o.hooks);
      if (hook) apply('controller', transition(sim.record, undefined, hook, t), t, false);
      let observed = sim.record.state;
      if (probing) {
        const p = probeCheck(plan, observed, live, probeRng, errorRateAt(o.candidate, t - start));
        // Probes are TargetVariant invocations: CloudWatch counts them in the candidate's metrics, users never see them.
        for (const failed of p.outcomes) metrics.record('candidate', t, failed, latency(probeRng, o.candidate));
        probeRequests += p.outcomes.length;
        const failed = p.outcomes.filter((f) => f).length;
        if (failed > 0) signalLog.push({ second: t - start, source: 'probe', detail: `${failed} of ${p.outcomes.length} probe requests failed` });
        observed = p.state;
      }
      if (guard?.evaluate(t)) signalLog.push({ second: t - start, source: 'metric-guard', detail: `${guard.name} in ALARM` });
      const signals = controllerSignals(sources, observed, live, t);
      const tr = transition(sim.record, sim.view(t), { kind: 'TICK', signals, observed }, t);
      apply('controller', tr, t, true);
      if (tr.kind === 'RUN_PRE_TRAFFIC_HOOK' || tr.kind === 'RUN_POST_TRAFFIC_HOOK') hookDoneAt = t + hookDuration;
      const wait = tr.kind === 'WAIT' || tr.kind === 'HOLD' ? tr.result?.waitSeconds : undefined;
      nextCheck = t + (wait !== undefined ? Math.min(wait, checkInterval) : checkInterval);
    }

    if (timeline && bucket !== undefined && t >= start) {
      counts.shadow ||= traffic.shadowOn;
      if ((t - start + 1) % bucket === 0) {
        timeline.push({ second: t - start + 1 - bucket, orderedCandidatePercent: sim.record.state.weights.candidate,
          liveCandidatePercent: traffic.live.candidate, ...counts });
        counts = { stableRequests: 0, stableErrors: 0, candidateRequests: 0, candidateErrors: 0, shadow: false };
      }
    }

    // 7. Stop once the outcome is settled and nothing is left to inject; a promoted bad candidate keeps failing users.
    const settled = !sim.running && traffic.settled && lifecycle.length === 0 && awaitingStable === undefined;
    if (settled && (phase() !== 'PROMOTED' || o.candidate.errorRate <= o.stable.errorRate)) break;
  }

  // The last, partial bucket of a run that ended early.
  if (timeline && bucket !== undefined && counts.stableRequests + counts.candidateRequests > 0) {
    timeline.push({ second: timeline.length * bucket, orderedCandidatePercent: sim.record.state.weights.candidate,
      liveCandidatePercent: traffic.live.candidate, ...counts });
  }

  const state = sim.record.state;
  const rolledBack = onStable();
  return {
    plan: plan.name,
    outcome: state.phase,
    rolledBack,
    candidateRequests,
    badRequests,
    probeRequests,
    secondsToRollback: rolledBack && rollbackEffectiveAt !== undefined && firstCandidateAt !== undefined
      ? rollbackEffectiveAt - firstCandidateAt : undefined,
    secondsToRollbackOrder: rolledBack && endedAt !== undefined && firstCandidateAt !== undefined
      ? endedAt - firstCandidateAt : undefined,
    secondsTo100Percent: reached100 !== undefined ? reached100 - start : undefined,
    secondsToEnd: endedAt !== undefined ? endedAt - start : undefined,
    rollbackTakesSeconds: rolledBack && rollbackEffectiveAt !== undefined && endedAt !== undefined ? rollbackEffectiveAt - endedAt : undefined,
    ...(state.cause !== undefined ? { cause: state.cause } : {}),
    decisions,
    signals: signalLog,
    effects: sim.log,
    ...(lifecycleLog.length > 0 ? { lifecycle: lifecycleLog } : {}),
    ...(timeline ? { timeline } : {}),
  };
}

/** The hook that ran for `duration` has its verdict at the first check after it ended (the state machine's task). */
function hookVerdict(s: RolloutState, doneAt: number | undefined, now: number, outcomes: SimulationOptions['hooks']): HookVerdictEvent | undefined {
  if (doneAt === undefined || now < doneAt) return undefined;
  if (s.hooks.preTraffic === 'RUNNING') return { kind: 'HOOK_VERDICT', hook: 'preTraffic', passed: outcomes?.preTrafficPasses !== false };
  if (s.hooks.postTraffic === 'RUNNING') return { kind: 'HOOK_VERDICT', hook: 'postTraffic', passed: outcomes?.postTrafficPasses !== false };
  return undefined;
}

function errorRateAt(p: VariantProfile, sinceStart: number): number {
  return p.degrade && sinceStart >= p.degrade.atSecond ? p.degrade.errorRate : p.errorRate;
}

function latency(rng: Prng, p: VariantProfile): number {
  return rng.logNormal(p.latencyMedianMs ?? 40, p.latencySigma ?? 0.35);
}

function checkOptions(o: SimulationOptions): void {
  const problems: string[] = [];
  if (!(o.requestsPerSecond >= 0)) problems.push(`requestsPerSecond is ${o.requestsPerSecond}; it must be >= 0`);
  for (const [name, p] of [['stable', o.stable], ['candidate', o.candidate]] as const) {
    const rates = [p.errorRate, ...(p.degrade ? [p.degrade.errorRate] : [])];
    if (rates.some((r) => !(r >= 0 && r <= 1))) problems.push(`${name} error rates must be fractions in [0, 1]`);
  }
  const period = o.metrics?.periodSeconds ?? 60;
  if (![10, 30, 60].includes(period)) problems.push(`periodSeconds is ${period}; it must be 10, 30 or 60`);
  if (o.plan.metricsPeriodSeconds !== undefined && o.plan.metricsPeriodSeconds !== period) {
    problems.push(`plan.metricsPeriodSeconds is ${o.plan.metricsPeriodSeconds} but the datapoints come every ${period} s; ` +
      'omit it (the simulator sets it from metrics.periodSeconds)');
  }
  const j = o.metrics?.publishJitterSeconds;
  if (j !== undefined && !(j >= 0 && j < period)) problems.push(`publishJitterSeconds is ${j}; it must be in [0, ${period})`);
  const ap = o.alarm?.periodSeconds ?? 60;
  if (!((ap === 10 || ap === 30 || (ap > 0 && ap % 60 === 0)) && ap % period === 0)) {
    problems.push(`alarm periodSeconds is ${ap}; it must be 10, 30 or a multiple of 60, and a multiple of the datapoints' ${period} s`);
  }
  const e = o.metrics?.alarmEvaluationOffsetSeconds;
  if (e !== undefined && !(Number.isInteger(e) && e >= 0 && e < 60)) {
    problems.push(`alarmEvaluationOffsetSeconds is ${e}; it must be a whole second in [0, 60)`);
  }
  const b = o.timelineBucketSeconds;
  if (b !== undefined && !(Number.isInteger(b) && b >= 1)) problems.push(`timelineBucketSeconds is ${b}; it must be a whole number >= 1`);
  (o.lifecycle ?? []).forEach((l, i) => {
    if (!(Number.isInteger(l.atSecond) && l.atSecond >= 0)) problems.push(`lifecycle[${i}].atSecond is ${l.atSecond}; it must be a whole second >= 0`);
    if (!LIFECYCLE_EVENTS.includes(l.event)) problems.push(`lifecycle[${i}].event is ${l.event}; it must be one of ${LIFECYCLE_EVENTS.join(', ')}`);
  });
  if (problems.length > 0) throw new Error(`simulateRollout: ${problems.join('; ')}`);
}
