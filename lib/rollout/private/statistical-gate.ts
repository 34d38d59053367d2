import { STATISTICAL_GATE_DEFAULTS, StatisticalGatePlan } from '../../../contracts/rollout-plan';
import { invalidProp } from '../../private/validation/fail';
import type { StatisticalGateOptions } from '../statistical-gate-options';
import { literalPlanNumber } from './validate-rollout';

/** The plan's statistical gate, or undefined when the strategy has none; every value checked with the prop's name. */
export function renderStatisticalGate(builder: string, o: StatisticalGateOptions | undefined): StatisticalGatePlan | undefined {
  if (o === undefined) return undefined;
  const owner = `DeploymentStrategy.${builder}`;
  for (const k of ['alpha', 'max5xxIncrease', 'minRequests'] as const) literalPlanNumber(builder, `statisticalGate.${k}`, o[k]);
  const alpha = o.alpha ?? STATISTICAL_GATE_DEFAULTS.alpha;
  if (!(alpha > 0 && alpha <= 0.5)) {
    invalidProp(owner, 'statisticalGate.alpha', alpha, 'It bounds the chance of rolling back a good candidate: use a probability ' +
      'above 0 and at most 0.5, e.g. 0.05.');
  }
  const max5xxIncrease = o.max5xxIncrease ?? STATISTICAL_GATE_DEFAULTS.max5xxIncrease;
  if (!(max5xxIncrease >= 0 && max5xxIncrease < 1)) {
    invalidProp(owner, 'statisticalGate.max5xxIncrease', max5xxIncrease, 'It is a fraction of requests: use a number from 0 ' +
      'and below 1, e.g. 0.001 for 0.1 percentage point.');
  }
  const minRequests = o.minRequests ?? STATISTICAL_GATE_DEFAULTS.minRequests;
  if (!(Number.isInteger(minRequests) && minRequests >= 1)) {
    invalidProp(owner, 'statisticalGate.minRequests', minRequests, 'Use a whole number of requests, at least 1 (e.g. 200).');
  }
  const latency = o.maxLatencyIncrease;
  if (latency !== undefined && latency.isUnresolved()) {
    invalidProp(owner, 'statisticalGate.maxLatencyIncrease', 'a token', 'The rollout plan is fixed at synth: use a concrete ' +
      'Duration, e.g. Duration.millis(5).');
  }
  return {
    alpha, max5xxIncrease, minRequests,
    ...(latency !== undefined ? { maxLatencyIncreaseMs: latency.toMilliseconds({ integral: false }) } : {}),
  };
}
