/**
 * Starting a rollout's execution: the deploy trigger's one effect that no other writer has. Kept out of the executor's
 * module so that only the trigger's bundle reaches StartExecution (and only its role is granted it).
 */
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ROLLOUT_ENV, StartExecutionEffect } from '../../core/rollout';
import { requireEnv } from '../env';

/** Starts the execution named after the rollout; returns its ARN. */
export async function startRolloutExecution(sfn: SFNClient, e: StartExecutionEffect): Promise<string> {
  const stateMachineArn = e.stateMachineArn ?? requireEnv(ROLLOUT_ENV.STATE_MACHINE);
  const out = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: e.input.rolloutId, input: JSON.stringify(e.input) }));
  return out.executionArn ?? '';
}
