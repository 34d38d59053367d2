import type { ProbePlan } from '../../../contracts/rollout-plan';
import { PROBE_DEFAULTS } from '../../../contracts/rollout-probe';
import type { ProbeOptions } from '../probe-options';
import { literalPlanNumber } from './validate-rollout';

/** The plan's probe, or undefined when turned off. */
export function renderProbe(builder: string, o: ProbeOptions | undefined): ProbePlan | undefined {
  if (o?.enabled === false) return undefined;
  for (const k of ['requestsPerCheck', 'maxRequestsPerBake', 'maxErrorRate', 'acceptableErrorRate', 'alpha'] as const) {
    literalPlanNumber(builder, `probe.${k}`, o?.[k]);
  }
  return {
    requestsPerCheck: o?.requestsPerCheck ?? PROBE_DEFAULTS.requestsPerCheck,
    maxRequestsPerBake: o?.maxRequestsPerBake ?? PROBE_DEFAULTS.maxRequestsPerBake,
    maxErrorRate: o?.maxErrorRate ?? PROBE_DEFAULTS.maxErrorRate,
    acceptableErrorRate: o?.acceptableErrorRate ?? PROBE_DEFAULTS.acceptableErrorRate,
    alpha: o?.alpha ?? PROBE_DEFAULTS.alpha,
  };
}
