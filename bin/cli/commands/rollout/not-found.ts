import { CliError, EXIT } from '../../io';

/** What to check when an endpoint has no rollout in the table. */
export const NOT_FOUND_FIX = (endpointName: string) => `check the endpoint name, and that --table and --region are ` +
  `the stack's RolloutTable output and region; cdk-mlops rollout history ${endpointName} lists the rollouts recorded. ` +
  'A deploy that changes no model starts no rollout.';

/** Ends the command with exit code 3 (no rollout, or no active one), with what to do about it. */
export function notFound(message: string, fix: string): never {
  throw new CliError('NOT_FOUND', message, EXIT.NOT_FOUND, fix);
}
