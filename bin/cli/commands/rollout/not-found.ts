import { CliError, EXIT } from '../../io';

/** Ends the command with exit code 3 (no rollout, or no active one). */
export function notFound(message: string): never {
  throw new CliError('NOT_FOUND', message, EXIT.NOT_FOUND);
}
