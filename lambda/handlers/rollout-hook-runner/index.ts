/**
 * Hook runner: the state machine starts it (asynchronously) for each traffic hook and waits for the hook's verdict
 * through the task token, at most the hook time-out, failing early when heartbeats stop. The hooks of a phase run one
 * after another, so before each one the runner reads the rollout record: a hook whose time-out would end past the
 * rollout's deadline is not started (the wait fails with RolloutDeadline and the rollout ends on stable, cause
 * DEADLINE), nor is one of a rollout that ended meanwhile. It invokes the hook, and
 * while the hook runs it beats and re-reads the rollout record: an abort (or any end of the rollout) fails the
 * wait at once, so the controller rolls back instead of waiting for the hook. A hook that returns
 * `{ reportsLater: true }` reports (and beats) with the token itself.
 */
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { SendTaskFailureCommand, SendTaskHeartbeatCommand, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import {
  assertValid, HOOK_ERRORS, HookInvocation, hookInterruption, hookOutcome, HookOutcome, hookRunnerEventProblems,
  HookRunnerEvent, hookStartRefusal, ROLLOUT_ENV,
} from '../../core/rollout';
import { AwsClients, clients } from '../../shared/clients';
import { errorMessage } from '../../shared/errors';
import { requireEnv } from '../../shared/env';
import { createLogger, Logger } from '../../shared/log';
import { RolloutTable } from '../../shared/rollout-table';
import { nowSeconds, sleep } from '../../shared/timing';

export interface RunnerResult {
  /**
   * SUCCESS / FAILURE (reported with the token), DEADLINE (not started: reported as a failure), LATER (the hook
   * reports), INTERRUPTED, or GONE (the wait had ended).
   */
  readonly outcome: string;
  readonly details: string;
}

export async function handler(event: HookRunnerEvent): Promise<RunnerResult> {
  return runHook(event, nowSeconds);
}

/** The runner with its clock (epoch seconds) injected. */
export async function runHook(event: HookRunnerEvent, now: () => number): Promise<RunnerResult> {
  assertValid('rollout-hook-runner', hookRunnerEventProblems(event));
  const e = event.event;
  const log = createLogger({ handler: 'rollout-hook-runner', endpointName: e.endpointName, rolloutId: e.rolloutId,
    hook: e.hook, functionArn: event.functionArn });
  const aws = clients();
  const table = new RolloutTable(aws.dynamo, requireEnv(ROLLOUT_ENV.TABLE), log);
  const token = e.taskToken!;
  const before = await table.get(e.endpointName);
  const ended = hookInterruption(before, e.rolloutId);
  if (ended) return interrupted(aws, token, ended, log);
  const refusal = hookStartRefusal(before, now(), event.timeoutSeconds);
  if (refusal) {
    log.error('DEADLINE: hook not started', { reason: refusal, timeoutSeconds: event.timeoutSeconds });
    return report(aws, token, { kind: 'FAILURE', error: HOOK_ERRORS.DEADLINE, cause: refusal }, log, 'DEADLINE');
  }
  const watch = new Watch(aws, table, event, log);
  const answered = invokeHook(aws, event).then((inv) => ({ inv }));
  const first = await Promise.race([answered, watch.interrupted.then((why) => ({ why }))]);
  watch.stop();
  if ('why' in first) return interrupted(aws, token, first.why, log);
  // An abort that came while the hook answered still wins over a pass.
  const late = hookInterruption(await table.get(e.endpointName), e.rolloutId);
  if (late) return interrupted(aws, token, late, log);
  const outcome = hookOutcome(event.functionArn, first.inv);
  return report(aws, token, outcome, log);
}

/** Heartbeats and record checks while the hook runs; `interrupted` resolves when the wait must end now. */
class Watch {
  public readonly interrupted: Promise<string>;
  private stopped = false;

  constructor(aws: AwsClients, table: RolloutTable, event: HookRunnerEvent, log: Logger) {
    // Three beats per heartbeat period: one lost call does not fail the wait.
    const periodMs = Math.max(50, (event.heartbeatSeconds * 1000) / 3);
    const e = event.event;
    this.interrupted = (async () => {
      for (;;) {
        await sleep(periodMs);
        if (this.stopped) return new Promise<string>(() => undefined);
        try {
          await aws.sfn.send(new SendTaskHeartbeatCommand({ taskToken: e.taskToken }));
        } catch (err) {
          if (isWaitOver(err)) return `the wait for the hook has ended (${errorMessage(err)})`;
          log.warn('heartbeat failed; trying again at the next beat', { error: err });
        }
        try {
          const why = hookInterruption(await table.get(e.endpointName), e.rolloutId);
          if (why) return why;
        } catch (err) {
          log.warn('could not read the rollout record; checking again at the next beat', { error: err });
        }
      }
    })();
  }

  stop(): void {
    this.stopped = true;
  }
}

async function invokeHook(aws: AwsClients, event: HookRunnerEvent): Promise<HookInvocation> {
  let out;
  try {
    out = await aws.lambda.send(new InvokeCommand({
      FunctionName: event.functionArn,
      InvocationType: 'RequestResponse',
      Payload: new TextEncoder().encode(JSON.stringify(event.event)),
    }));
  } catch (err) {
    return { invokeError: errorMessage(err) };
  }
  const text = out.Payload ? new TextDecoder().decode(out.Payload) : '';
  let payload: unknown = text;
  try {
    payload = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Not JSON: kept as text, which hookVerdict rejects with what it was.
  }
  return { functionError: out.FunctionError, payload };
}

async function interrupted(aws: AwsClients, token: string, why: string, log: Logger): Promise<RunnerResult> {
  log.warn('hook interrupted: the rollout no longer waits for it', { why });
  return report(aws, token, { kind: 'FAILURE', error: HOOK_ERRORS.ROLLOUT_ENDED, cause: why }, log, 'INTERRUPTED');
}

async function report(aws: AwsClients, taskToken: string, o: HookOutcome, log: Logger, label?: string): Promise<RunnerResult> {
  if (o.kind === 'LATER') {
    log.info('the hook reports its verdict with the task token itself');
    return { outcome: 'LATER', details: 'the hook reports with the task token' };
  }
  try {
    if (o.kind === 'SUCCESS') {
      await aws.sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(o.output) }));
      log.info('hook passed', { details: o.output.details });
      return { outcome: label ?? 'SUCCESS', details: o.output.details };
    }
    await aws.sfn.send(new SendTaskFailureCommand({ taskToken, error: o.error, cause: o.cause }));
    log.error('hook failed', { error: o.error, cause: o.cause });
    log.metric('HookFailed', 1);
    return { outcome: label ?? 'FAILURE', details: `${o.error}: ${o.cause}` };
  } catch (err) {
    // The wait already ended (time-out, execution stopped by an abort): nothing waits for this verdict.
    if (isWaitOver(err)) {
      log.warn('the wait for the hook had already ended; verdict dropped', { error: err });
      return { outcome: 'GONE', details: errorMessage(err) };
    }
    throw err;
  }
}

/** Step Functions' answers for a token whose wait is over. */
function isWaitOver(err: unknown): boolean {
  const name = (err as { name?: string } | undefined)?.name;
  return name === 'TaskTimedOut' || name === 'TaskDoesNotExist' || name === 'InvalidToken';
}
