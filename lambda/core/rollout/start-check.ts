/**
 * Whether a rollout may start. Starting while a guarding alarm fires would make the first check roll back
 * (or worse, hide a live incident behind a deployment), so it is refused unless the operator overrides.
 * INSUFFICIENT_DATA does not block: new alarms start there, and candidate-scoped alarms have no data
 * before the candidate serves.
 */
import type { ComponentRolloutTarget } from '../../../contracts/component-rollout';
import type { EndpointView } from './live-endpoint';
import type { AlarmSignal } from './signals';

export interface StartCheck {
  readonly refused: boolean;
  readonly firingAlarms: readonly string[];
  readonly reason: string;
}

export function refuseToStart(alarms: readonly AlarmSignal[], override = false): StartCheck {
  const firingAlarms = alarms.filter((a) => a.state === 'ALARM').map((a) => a.name);
  if (firingAlarms.length === 0) {
    return { refused: false, firingAlarms, reason: 'no guarding alarm is in ALARM' };
  }
  const names = firingAlarms.join(', ');
  if (override) {
    return { refused: false, firingAlarms, reason: `starting although ${names} in ALARM: overridden by operator` };
  }
  return {
    refused: true,
    firingAlarms,
    reason: `refusing to start: ${names} in ALARM; resolve it, or start with the override if it is unrelated`,
  };
}

/** A component rollout starts only when its live component serves its stable model (DescribeInferenceComponent). */
export function componentStartRefusal(c: ComponentRolloutTarget, live: EndpointView | undefined, readError?: string): string | undefined {
  const view = live?.components?.get(c.componentName);
  if (!view) return `refusing to start: cannot describe inference component ${c.componentName}: ${readError ?? 'not found'}`;
  if (view.status !== 'InService') return `refusing to start: inference component ${c.componentName} is ${view.status}, not InService`;
  return undefined;
}
