/**
 * Traffic hooks, as pure decisions: how long the state machine waits for a hook's verdict (time-out and heartbeat),
 * what a hook's answer means for that wait, and whether the rollout ended (or was aborted) while the hook ran.
 * The hook runner (lambda/handlers/rollout-hook-runner) is the I/O around them.
 */
import { HOOK_ERRORS } from '../../../contracts/rollout-execution';
import type { RolloutRecord } from '../../../contracts/rollout-execution';
import { isTerminal } from '../../../contracts/rollout-state';
import { hookVerdict } from './event-validation';

/** Longest heartbeat: a dead runner is noticed within a minute even with a long hook time-out. */
export const MAX_HOOK_HEARTBEAT_SECONDS = 60;

/** Step Functions' HeartbeatSeconds must be below TimeoutSeconds, so a hook's wait is at least 2 seconds. */
export const MIN_HOOK_TIMEOUT_SECONDS = 2;

/**
 * Seconds a hook phase's wait leaves before the deadline for its first hook to start (the state machine's Choice,
 * Pass and Map states and the runner's asynchronous start): the runner refuses a hook whose time-out would end past
 * the deadline, and the first hook of a phase cut at the deadline must still fit.
 */
export const HOOK_START_ALLOWANCE_SECONDS = 30;

/** SendTaskFailure takes a cause of at most 32,768 characters. */
const MAX_CAUSE = 32768;

export interface HookWait {
  /** TimeoutSeconds of the wait for the verdict (whole seconds). */
  readonly timeoutSeconds: number;
  /** HeartbeatSeconds of the wait (whole seconds, below timeoutSeconds). */
  readonly heartbeatSeconds: number;
}

/**
 * The wait for a hook's verdict: the plan's hook time-out, cut to what is left before the rollout's deadline (less the
 * first hook's start allowance). The heartbeat is half the time-out, at most a minute, so a runner that died fails the
 * wait early.
 */
export function hookWait(planTimeoutSeconds: number, secondsToDeadline?: number): HookWait {
  const limit = secondsToDeadline === undefined ? planTimeoutSeconds
    : Math.min(planTimeoutSeconds, secondsToDeadline - HOOK_START_ALLOWANCE_SECONDS);
  const timeoutSeconds = Math.max(MIN_HOOK_TIMEOUT_SECONDS, Math.floor(limit));
  const heartbeatSeconds = Math.max(1, Math.min(MAX_HOOK_HEARTBEAT_SECONDS, Math.floor(timeoutSeconds / 2)));
  return { timeoutSeconds, heartbeatSeconds };
}

/** How the runner ends a hook's wait. */
export type HookOutcome =
  | { readonly kind: 'SUCCESS'; readonly output: { readonly passed: true; readonly details: string } }
  | { readonly kind: 'FAILURE'; readonly error: string; readonly cause: string }
  /** The hook reports with the task token itself (it returned `{ reportsLater: true }`). */
  | { readonly kind: 'LATER' };

/** What invoking the hook gave: the Lambda service's refusal, the function's error, or its answer. */
export interface HookInvocation {
  /** The invocation itself failed (not found, access denied, throttled after retries). */
  readonly invokeError?: string;
  /** Lambda's FunctionError ('Unhandled'): the hook threw; `payload` holds its errorMessage. */
  readonly functionError?: string;
  /** The hook's answer, parsed from JSON (or the raw text when it was not JSON). */
  readonly payload?: unknown;
}

export function hookOutcome(functionArn: string, inv: HookInvocation): HookOutcome {
  const cause = (text: string) => text.slice(0, MAX_CAUSE);
  if (inv.invokeError !== undefined) {
    return { kind: 'FAILURE', error: HOOK_ERRORS.FAILED, cause: cause(`could not invoke hook ${functionArn}: ${inv.invokeError}`) };
  }
  if (inv.functionError !== undefined) {
    const p = inv.payload as { errorType?: unknown; errorMessage?: unknown } | undefined;
    const message = typeof p?.errorMessage === 'string' ? p.errorMessage : JSON.stringify(inv.payload) ?? 'no message';
    const type = typeof p?.errorType === 'string' ? `${p.errorType}: ` : '';
    return { kind: 'FAILURE', error: HOOK_ERRORS.FAILED, cause: cause(`hook ${functionArn} threw ${type}${message}`) };
  }
  const answer = inv.payload as { reportsLater?: unknown } | undefined;
  if (answer && typeof answer === 'object' && answer.reportsLater === true) return { kind: 'LATER' };
  const verdict = hookVerdict(inv.payload);
  if (verdict.passed) return { kind: 'SUCCESS', output: { passed: true, details: verdict.details } };
  return { kind: 'FAILURE', error: HOOK_ERRORS.REJECTED, cause: cause(`hook ${functionArn}: ${verdict.details}`) };
}

/**
 * Why a hook's wait must end now although the hook has not answered: the rollout was aborted (the operator's ABORT,
 * pending or recorded), ended, or replaced by a newer one. Undefined while the rollout still waits for the hook.
 */
export function hookInterruption(rec: RolloutRecord | undefined, rolloutId: string): string | undefined {
  if (!rec) return `rollout ${rolloutId} has no record any more`;
  if (rec.rolloutId !== rolloutId) return `rollout ${rolloutId} was replaced by ${rec.rolloutId}`;
  if (isTerminal(rec.state.phase)) return `rollout ${rolloutId} ended ${rec.state.phase} while the hook ran: ${rec.state.reason ?? ''}`.trim();
  if (rec.command === 'ABORT' || rec.state.command === 'ABORT') return `rollout ${rolloutId} was aborted by an operator while the hook ran`;
  return undefined;
}

/**
 * Why a hook must not be started now: its wait (`timeoutSeconds`, the same for every hook of the phase, which run one
 * after another) could end past the rollout's deadline, when CloudFormation's hour or the deadline's restore would
 * come first. Undefined when it fits, or when the record or the time-out is unknown.
 */
export function hookStartRefusal(rec: RolloutRecord | undefined, now: number, timeoutSeconds: number | undefined): string | undefined {
  const deadline = rec?.state.deadlineAt ?? rec?.deadlineAt;
  if (deadline === undefined || timeoutSeconds === undefined) return undefined;
  if (now + timeoutSeconds <= deadline) return undefined;
  const left = Math.max(0, deadline - now);
  return `hook not started: its time-out of ${timeoutSeconds} s would end ${now + timeoutSeconds - deadline} s past the ` +
    `rollout's deadline (${left} s left); the rollout ends on stable at its deadline instead`;
}

/** The hook runner's event (HookRunnerEvent), checked before anything is invoked. */
export function hookRunnerEventProblems(e: unknown): string[] {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return ['the event must be an object'];
  const o = e as Record<string, unknown>;
  const out: string[] = [];
  if (typeof o.functionArn !== 'string' || o.functionArn === '') out.push(`functionArn must be the hook's ARN, got ${JSON.stringify(o.functionArn) ?? 'nothing'}`);
  if (typeof o.heartbeatSeconds !== 'number' || !(o.heartbeatSeconds > 0)) {
    out.push(`heartbeatSeconds must be a number above 0, got ${JSON.stringify(o.heartbeatSeconds) ?? 'nothing'}`);
  }
  if (o.timeoutSeconds !== undefined && !(typeof o.timeoutSeconds === 'number' && o.timeoutSeconds > 0)) {
    out.push(`timeoutSeconds must be a number above 0 when given, got ${JSON.stringify(o.timeoutSeconds)}`);
  }
  const ev = o.event as Record<string, unknown> | undefined;
  if (typeof ev !== 'object' || ev === null) return [...out, 'event must be the hook event (an object)'];
  for (const k of ['endpointName', 'candidateVariant', 'stableVariant', 'rolloutId', 'taskToken']) {
    if (typeof ev[k] !== 'string' || ev[k] === '') out.push(`event.${k} must be a non-empty string, got ${JSON.stringify(ev[k]) ?? 'nothing'}`);
  }
  if (ev.hook !== 'preTraffic' && ev.hook !== 'postTraffic') out.push(`event.hook must be 'preTraffic' or 'postTraffic', got ${JSON.stringify(ev.hook) ?? 'nothing'}`);
  return out;
}
