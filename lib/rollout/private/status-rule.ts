import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { EVENT_ROLLOUT_STATUS, EVENT_SOURCE } from '../../../contracts/rollout-resources';
import { OnRolloutStatusChangeOptions } from '../rollout-events';

/**
 * An EventBridge rule (default bus, where the handlers publish) on the library's rollout status events,
 * of one endpoint when `endpointName` is given, and of `options.phases` only when given.
 */
export function rolloutStatusRule(scope: Construct, id: string, options: OnRolloutStatusChangeOptions,
  endpointName?: string): events.Rule {
  const phases = options.phases ?? [];
  const rule = new events.Rule(scope, id, {
    ruleName: options.ruleName,
    description: options.description ?? `Rollout status changes${endpointName ? ` of endpoint ${endpointName}` : ''} (cdk-mlops)`,
    crossStackScope: options.crossStackScope,
  });
  rule.addEventPattern({
    source: [EVENT_SOURCE],
    detailType: [EVENT_ROLLOUT_STATUS],
    ...(endpointName !== undefined || phases.length > 0 ? {
      detail: {
        ...(endpointName !== undefined ? { endpointName: [endpointName] } : {}),
        ...(phases.length > 0 ? { phase: [...phases] } : {}),
      },
    } : {}),
  });
  rule.addEventPattern(options.eventPattern);
  if (options.target) rule.addTarget(options.target);
  return rule;
}
