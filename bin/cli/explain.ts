/**
 * Why simulated runs did not promote (pure): one explanation per outcome and cause, in terms of the simulate flags,
 * with what to change. The table is keyed by every EndCause, so a new cause does not compile until it is explained.
 */
import type { EndCause, RolloutPlan } from '../../lambda/core/rollout';
import type { SimulationOptions, SimulationResult } from '../../sim';

export interface Explanation {
  readonly outcome: string;
  readonly cause?: string;
  readonly runs: number;
  /** What happened, with the numbers that made it happen. */
  readonly why: string;
  /** What to change (or that nothing should). */
  readonly fix: string;
  /** The policy's own reason from one of these runs. */
  readonly example: string;
}

interface Facts {
  readonly o: SimulationOptions;
  readonly plan: RolloutPlan;
  /** Candidate requests per minute at the first step with a bake. */
  readonly perMinuteAtFirstStep: number;
  readonly firstPercent: number;
}

type Explainer = (f: Facts) => { why: string; fix: string };

const fmt = (v: number) => (Math.round(v * 100) / 100).toString();

export const CAUSES: Readonly<Record<EndCause, Explainer>> = {
  ALARM: ({ o }) => ({
    why: `the candidate's 5XX alarm (threshold ${o.alarm?.threshold ?? 0.05}, ${o.alarm?.datapointsToAlarm ?? 1} of ` +
      `${o.alarm?.evaluationPeriods ?? 1} minutes) fired: the candidate's error rate ` +
      `${o.candidate.degrade ? `${o.candidate.errorRate}, then ${o.candidate.degrade.errorRate}` : o.candidate.errorRate} ` +
      `against the stable's ${o.stable.errorRate}`,
    fix: 'nothing, if the candidate is bad: the guard worked. If it is not, raise --alarm-threshold or ' +
      '--datapoints-to-alarm (fewer false alarms, slower rollback)',
  }),
  SHADOW_GATE: ({ plan }) => ({
    why: `the shadow run broke a gate (error rate increase > ${plan.shadow?.gates.maxErrorRateIncrease}, or p99 ratio > ` +
      `${plan.shadow?.gates.maxP99LatencyRatio}) before any user saw the candidate`,
    fix: 'nothing, if the candidate is worse: no user request failed. Otherwise loosen --shadow-max-error-increase or ' +
      '--shadow-max-p99-ratio',
  }),
  PRE_TRAFFIC_HOOK_FAILED: () => ({
    why: 'the pre-traffic hook reported failure before the candidate took traffic',
    fix: 'fix what the hook checks (the simulator only models its outcome)',
  }),
  POST_TRAFFIC_HOOK_FAILED: () => ({
    why: 'the post-traffic hook reported failure at 100%',
    fix: 'fix what the hook checks (the simulator only models its outcome)',
  }),
  OPERATOR_ABORT: () => ({ why: 'an operator command aborted the rollout', fix: 'none: it was asked for' }),
  LOW_TRAFFIC: ({ o, plan, perMinuteAtFirstStep, firstPercent }) => ({
    why: `a baked step did not see --min-invocations ${plan.minInvocationsPerStep} candidate invocations within ` +
      `its bake plus --max-hold ${plan.maxHoldSeconds} s: at ${o.requestsPerSecond} req/s and ${firstPercent}% the ` +
      `candidate gets about ${fmt(perMinuteAtFirstStep)} requests a minute`,
    fix: 'a larger first step or longer bakes, a lower --min-invocations, a longer --max-hold, or --on-max-hold ADVANCE ' +
      '(moves on unjudged); more traffic (--rps) if the real endpoint has it',
  }),
  NO_ALARM_DATA: ({ plan }) => ({
    why: `the candidate had traffic but the alarm stayed INSUFFICIENT_DATA for --max-hold ${plan.maxHoldSeconds} s`,
    fix: 'check that the alarm watches the candidate variant; a longer --max-hold covers late CloudWatch datapoints',
  }),
  HOOK_TIMEOUT: ({ plan }) => ({
    why: `a lifecycle hook did not report within ${plan.hooks.timeoutSeconds} s`,
    fix: 'make the hook report (success or failure) or raise its timeout',
  }),
  STATISTICAL_GATE: ({ plan }) => ({
    why: `the statistical gate (mSPRT, alpha ${plan.statisticalGate?.alpha ?? '?'}) found the candidate's 5XX rate above ` +
      `the stable's by more than ${plan.statisticalGate?.max5xxIncrease ?? 0}, with an always-valid interval`,
    fix: 'nothing, if the candidate is worse. Otherwise raise the gate\'s max5xxIncrease or lower its alpha',
  }),
  PROBE: ({ plan }) => ({
    why: `the controller's probe of the candidate (captured requests sent with TargetVariant during the bake) saw an ` +
      `error rate above ${plan.probe?.maxErrorRate ?? 'its limit'}, before CloudWatch published a datapoint`,
    fix: 'nothing, if the candidate is bad: no more users were exposed. Otherwise raise the probe\'s maxErrorRate',
  }),
  DEPLOY_REVERTED: () => ({
    why: 'CloudFormation reverted the deploy (a stack rollback, a cancelled update or a time-out) while the rollout ran',
    fix: 'none: the slot that served before the deploy serves again; fix what failed the stack and deploy again',
  }),
  DEADLINE: ({ plan }) => ({
    why: `the rollout reached its deadline before it could be judged (steps, holds up to ${plan.maxHoldSeconds} s, ` +
      'shift and hook time-outs)',
    fix: 'shorter bakes or holds, or start long rollouts outside `cdk deploy` (startOnDeploy: false)',
  }),
  SHIFT_NOT_APPLIED: ({ plan }) => ({
    why: `the ordered weights did not show on the endpoint within ${plan.shiftTimeoutSeconds} s`,
    fix: 'in AWS: look for a concurrent endpoint update; the simulator applies shifts within seconds',
  }),
  CAPACITY_NOT_READY: () => ({
    why: 'the candidate did not reach the stable slot\'s instance count before taking more than its canary share',
    fix: 'in AWS: check the instance quota and the endpoint\'s events; the simulator does not model instances',
  }),
};

export function explainOutcomes(results: readonly SimulationResult[], o: SimulationOptions): Explanation[] {
  const plan = o.plan;
  const first = plan.steps.find((s) => s.bakeSeconds > 0) ?? plan.steps[0];
  const facts: Facts = {
    o, plan, firstPercent: first.candidatePercent, perMinuteAtFirstStep: o.requestsPerSecond * 60 * first.candidatePercent / 100,
  };
  const groups = new Map<string, SimulationResult[]>();
  for (const r of results) {
    if (r.outcome === 'PROMOTED') continue;
    const key = `${r.outcome}|${r.cause ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((runs) => {
    const r = runs[0];
    // A rollout CloudFormation reverted ended by the trigger's transition, not by a decision of its own.
    const reverted = r.cause === 'DEPLOY_REVERTED' ? r.lifecycle?.find((l) => l.phase !== l.phaseBefore) : undefined;
    const last = reverted ?? r.decisions[r.decisions.length - 1];
    const explainer = r.cause !== undefined ? CAUSES[r.cause as EndCause] : undefined;
    const text = explainer ? explainer(facts) : {
      // Not terminal: the horizon cut the run short.
      why: `the run was still ${r.outcome} when the simulation stopped at --horizon ${o.horizonSeconds ?? 7200} s`,
      fix: 'a longer --horizon, or shorter bakes and fewer steps',
    };
    return { outcome: r.outcome, cause: r.cause, runs: runs.length, ...text, example: last?.reason ?? '(no decision)' };
  });
}

export function formatExplanations(list: readonly Explanation[]): string {
  if (list.length === 0) return '';
  const lines = ['  why not promoted:'];
  for (const e of list) {
    lines.push(`    ${e.outcome}${e.cause ? ` (${e.cause})` : ''} in ${e.runs} run(s): ${e.why}.`);
    lines.push(`      policy said: ${e.example}`);
    lines.push(`      what to change: ${e.fix}.`);
  }
  return lines.join('\n') + '\n';
}
