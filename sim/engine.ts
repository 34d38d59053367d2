/**
 * Second-by-second simulation of a rollout on one endpoint, driven by the REAL policy (`decide`).
 *
 * Each simulated second: pending endpoint updates take effect; Poisson traffic is routed by the live weights
 * (and copied to the shadow variant when one runs); CloudWatch evaluates the alarm on published datapoints (once
 * a minute, or every 10 s for a 10 s / 30 s alarm on 10 s datapoints); the controller runs when its poll is due or
 * an alarm event invoked it, reads the signals it could read in AWS (published metrics only: controller-signals.ts),
 * calls `decide` and applies the decision with realistic latency.
 */
import { decide, Decision, initialState, RolloutState } from '../lambda/core/rollout';
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
  let state: RolloutState = initialState(start);
  let nextCheck = start;
  let eventCheck: number | undefined;
  let hookDoneAt: number | undefined;
  let ended: Decision | undefined;
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

  for (let t = 0; t < horizon; t++) {
    // 1. Endpoint updates ordered earlier take effect.
    const changed = traffic.advance(t);
    const live = traffic.live;
    if (changed && ended && (ended.kind === 'ROLLBACK' || ended.kind === 'FAIL') && live.candidate === 0) {
      rollbackEffectiveAt ??= t;
    }
    if (live.candidate === 100) reached100 ??= t;

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
    if (t % evalEvery === evalOffset % evalEvery && alarm.evaluate(t) && !ended && t >= start) {
      signalLog.push({ second: t - start, source: 'alarm', detail: `${alarm.name} in ALARM` });
      if (onAlarmEvent) eventCheck = Math.min(eventCheck ?? Infinity, t + eventLatency);
    }

    // 4. The controller.
    const pollDue = t >= nextCheck || (eventCheck !== undefined && t >= eventCheck);
    if (!ended && t >= start && pollDue) {
      eventCheck = undefined;
      while (commands.length > 0 && start + commands[0].atSecond <= t) {
        state = { ...state, command: commands.shift()!.command };
      }
      state = withHookResult(state, hookDoneAt, t, o.hooks);
      if (probing) {
        const p = probeCheck(plan, state, live, probeRng, errorRateAt(o.candidate, t - start));
        // Probes are TargetVariant invocations: CloudWatch counts them in the candidate's metrics, users never see them.
        for (const failed of p.outcomes) metrics.record('candidate', t, failed, latency(probeRng, o.candidate));
        probeRequests += p.outcomes.length;
        const failed = p.outcomes.filter((f) => f).length;
        if (failed > 0) signalLog.push({ second: t - start, source: 'probe', detail: `${failed} of ${p.outcomes.length} probe requests failed` });
        state = p.state;
      }
      if (guard?.evaluate(t)) signalLog.push({ second: t - start, source: 'metric-guard', detail: `${guard.name} in ALARM` });
      const d = decide(state, controllerSignals(sources, state, live, t), plan, t);
      decisions.push({ second: t - start, kind: d.kind, reason: d.reason });
      state = d.state;
      switch (d.kind) {
        case 'SHIFT':
          traffic.shift(d.weights, d.stepIndex, t);
          break;
        case 'START_SHADOW':
          traffic.startShadow(t);
          break;
        case 'PROMOTE':
          traffic.promote(t);
          break;
        case 'ROLLBACK':
        case 'FAIL':
          // A rollback supersedes any shift still in flight.
          traffic.rollback(t);
          break;
        case 'RUN_PRE_TRAFFIC_HOOK':
        case 'RUN_POST_TRAFFIC_HOOK':
          hookDoneAt = t + hookDuration;
          break;
        default:
          break;
      }
      if (d.kind === 'ROLLBACK' || d.kind === 'FAIL' || d.kind === 'COMPLETE') {
        ended = d;
        endedAt = t;
      }
      nextCheck = t + (d.kind === 'WAIT' || d.kind === 'HOLD' ? Math.min(d.seconds, checkInterval) : checkInterval);
    }

    if (timeline && bucket !== undefined && t >= start) {
      counts.shadow ||= traffic.shadowOn;
      if ((t - start + 1) % bucket === 0) {
        timeline.push({ second: t - start + 1 - bucket, orderedCandidatePercent: state.weights.candidate,
          liveCandidatePercent: traffic.live.candidate, ...counts });
        counts = { stableRequests: 0, stableErrors: 0, candidateRequests: 0, candidateErrors: 0, shadow: false };
      }
    }

    // 5. Stop once the outcome is settled; a promoted bad candidate keeps failing users until the horizon.
    if (ended && traffic.settled && (ended.kind !== 'COMPLETE' || o.candidate.errorRate <= o.stable.errorRate)) break;
  }

  // The last, partial bucket of a run that ended early.
  if (timeline && bucket !== undefined && counts.stableRequests + counts.candidateRequests > 0) {
    timeline.push({ second: timeline.length * bucket, orderedCandidatePercent: state.weights.candidate,
      liveCandidatePercent: traffic.live.candidate, ...counts });
  }

  const rolledBack = ended !== undefined && (ended.kind === 'ROLLBACK' || ended.kind === 'FAIL');
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
    ...(timeline ? { timeline } : {}),
  };
}

function withHookResult(s: RolloutState, doneAt: number | undefined, now: number,
  outcomes: SimulationOptions['hooks']): RolloutState {
  if (doneAt === undefined || now < doneAt) return s;
  if (s.hooks.preTraffic === 'RUNNING') {
    return { ...s, hooks: { ...s.hooks, preTraffic: outcomes?.preTrafficPasses === false ? 'FAILED' : 'PASSED' } };
  }
  if (s.hooks.postTraffic === 'RUNNING') {
    return { ...s, hooks: { ...s.hooks, postTraffic: outcomes?.postTrafficPasses === false ? 'FAILED' : 'PASSED' } };
  }
  return s;
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
  if (problems.length > 0) throw new Error(`simulateRollout: ${problems.join('; ')}`);
}
