/**
 * Starting a rollout's execution: the deploy trigger's one effect that no other writer has. Kept out of the executor's
 * module so that only the trigger's bundle reaches StartExecution (and only its role is granted it).
 */
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ROLLOUT_ENV, StartExecutionEffect } from '../../core/rollout';
import { requireEnv } from '../env';
import type { Logger } from '../log';

/**
 * Starts the execution named after the rollout; returns its ARN. A redelivered deploy names the same rollout (its
 * RequestId), so an execution of that name already exists: Step Functions answers a running one with the same
 * response when the input is the same, and ExecutionAlreadyExists when it differs (the deadline is computed at
 * delivery); either way that execution is the rollout, and its ARN is returned instead of starting another.
 */
export async function startRolloutExecution(sfn: SFNClient, e: StartExecutionEffect, log?: Logger): Promise<string> {
  const stateMachineArn = e.stateMachineArn ?? requireEnv(ROLLOUT_ENV.STATE_MACHINE);
  try {
    const out = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: e.input.rolloutId, input: JSON.stringify(e.input) }));
    return out.executionArn ?? '';
  } catch (err) {
    if ((err as Error).name !== 'ExecutionAlreadyExists') throw err;
    const executionArn = executionArnOf(stateMachineArn, e.input.rolloutId);
    log?.warn('rollout execution already started (a redelivered deploy)', { rolloutId: e.input.rolloutId, executionArn });
    return executionArn;
  }
}

/** arn:<partition>:states:<region>:<account>:execution:<state machine name>:<execution name>. */
export function executionArnOf(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}
