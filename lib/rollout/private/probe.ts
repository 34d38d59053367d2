import type { ProbePlan } from '../../../contracts/rollout-plan';
import { probePlan } from '../../../contracts/rollout-plan-builders';
import type { ProbeOptions } from '../probe-options';
import { literalPlanNumber } from './validate-rollout';

/** The plan's probe (PROBE_DEFAULTS for what is not given), or undefined when turned off. */
export function renderProbe(builder: string, o: ProbeOptions | undefined): ProbePlan | undefined {
  if (o?.enabled === false) return undefined;
  const keys = ['requestsPerCheck', 'maxRequestsPerBake', 'maxErrorRate', 'acceptableErrorRate', 'alpha'] as const;
  for (const k of keys) literalPlanNumber(builder, `probe.${k}`, o?.[k]);
  return probePlan(Object.fromEntries(keys.filter((k) => o?.[k] !== undefined).map((k) => [k, o![k]])));
}
