/** The exit-code paragraph every command's --help ends with, from one table (io.ts EXIT), so they cannot disagree. */
import { EXIT } from './io';

type ExitName = keyof typeof EXIT;

/** What each code means, in words a user of that command reads. */
const MEANING: Record<ExitName, string> = {
  OK: 'ok',
  ROLLOUT_FAILED: 'the rollout rolled back, failed or was aborted (Degraded or Aborted)',
  USAGE: 'usage error (unknown option, bad value, no table or no region)',
  NOT_FOUND: 'no rollout (or no active rollout) on the endpoint',
  AWS_ERROR: 'AWS error (the message names the call and the fix)',
  TIMEOUT: '--timeout passed before the rollout ended',
  REFUSED: 'the approved version cannot go into a slot now (the reason says why and what to do)',
  DESTRUCTIVE: 'the diff replaces or removes a resource that holds data',
};

/** "Exit codes: 0 ..., 2 ..." for the codes a command can return, with its own wording of 0 when given. */
export function exitCodesHelp(codes: ExitName[], ok?: string): string {
  const lines = codes.map((c) => `  ${EXIT[c]}  ${c === 'OK' && ok ? ok : MEANING[c]}`);
  return `\nExit codes:\n${lines.join('\n')}\nWith --json, an error is one JSON object {error, message, fix, exitCode} on stdout.`;
}
