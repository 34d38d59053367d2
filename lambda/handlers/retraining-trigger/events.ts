/** Parses what reaches the trigger handler into a policy Trigger; fails loudly on anything else. */
import { RETRAINING_EVENT_SOURCE, RETRAINING_REQUEST_DETAIL_TYPE, TriggerPolicyConfig } from '../../../contracts/training';
import type { Trigger } from '../../core/training';

const RUN_END = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']);

/**
 * Accepted inputs: `{ "kind": "schedule" | "tick" }` (EventBridge schedule targets), CloudWatch Alarm State Change
 * events of the policy's alarms, Step Functions Execution Status Change events, and manual requests (an event of
 * source cdk-mlops.retraining / detail-type "Retraining Requested", detail `{ "force": true }` optional).
 * Returns undefined for events that need no decision (an execution still RUNNING).
 */
export function parseTrigger(event: unknown, policy: TriggerPolicyConfig, now: number): Trigger | undefined {
  if (typeof event !== 'object' || event === null) throw new Error(`retraining-trigger: event is not an object: ${JSON.stringify(event)}`);
  const e = event as Record<string, any>;
  if (e.kind === 'schedule' || e.kind === 'tick') return { kind: e.kind, at: now };
  const source = e.source;
  const detail = e.detail ?? {};
  const at = typeof e.time === 'string' && !Number.isNaN(Date.parse(e.time)) ? Date.parse(e.time) : now;
  if (source === 'aws.cloudwatch' && e['detail-type'] === 'CloudWatch Alarm State Change') {
    const alarmArn: string | undefined = Array.isArray(e.resources) ? e.resources[0] : undefined;
    const state = detail.state?.value;
    if (!alarmArn || typeof state !== 'string') throw new Error('retraining-trigger: alarm event without resources[0] or detail.state.value');
    const kind = policy.drift?.alarmArns.includes(alarmArn) ? 'drift-alarm'
      : policy.quality?.alarmArns.includes(alarmArn) ? 'quality-alarm' : undefined;
    if (!kind) throw new Error(`retraining-trigger: alarm ${alarmArn} is neither a drift nor a quality alarm of this pipeline`);
    return { kind, at, alarmArn, alarmState: state };
  }
  if (source === 'aws.states' && e['detail-type'] === 'Step Functions Execution Status Change') {
    if (!RUN_END.has(detail.status)) return undefined;
    if (typeof detail.executionArn !== 'string') throw new Error('retraining-trigger: execution event without detail.executionArn');
    const end = typeof detail.stopDate === 'number' ? detail.stopDate : at;
    return { kind: 'run-ended', at: end, executionArn: detail.executionArn, runStatus: detail.status };
  }
  if ((source === RETRAINING_EVENT_SOURCE && e['detail-type'] === RETRAINING_REQUEST_DETAIL_TYPE) || e.kind === 'manual') {
    return { kind: 'manual', at, force: (detail.force ?? e.force) === true };
  }
  throw new Error(`retraining-trigger: unrecognised event (source ${JSON.stringify(source)}, detail-type ${JSON.stringify(e['detail-type'])}, kind ${JSON.stringify(e.kind)})`);
}
