/** The CLI's outside world (streams, environment, clock) as an argument, so tests run it in-process. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether `out` is a terminal (the watch view redraws in place). @default false */
  readonly isTty?: boolean;
  /** Epoch milliseconds. @default Date.now */
  readonly now?: () => number;
  /** @default a real timer */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Exit codes, stable for CI scripts. */
export const EXIT = {
  OK: 0,
  /** status/get: the rollout failed, was rolled back or aborted. */
  ROLLOUT_FAILED: 1,
  /** A usage error: unknown command or option, bad value, missing table or region. */
  USAGE: 2,
  /** No rollout (or no active rollout, for pause/resume/promote/abort) on the endpoint. */
  NOT_FOUND: 3,
  AWS_ERROR: 4,
  /** get --watch: --timeout passed before the rollout ended. */
  TIMEOUT: 5,
  /** champion-slots: the approved version cannot go into a slot now (the reason says why and what to do). */
  REFUSED: 6,
  /** check-diff: the diff replaces or removes a resource that holds data, and --allow-destructive was not given. */
  DESTRUCTIVE: 7,
} as const;

/** A mistake on the command line; `fix` says what to type instead. */
export class UsageError extends Error {
  constructor(message: string, public readonly fix?: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** An expected failure with its own exit code, a machine-readable error name (for --json) and what to do about it. */
export class CliError extends Error {
  constructor(public readonly error: string, message: string, public readonly exitCode: number,
    public readonly fix: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** Writes an error as text on stderr, or as one JSON object on stdout under --json. */
export function reportError(io: CliIo, json: boolean, error: string, message: string, exitCode: number, fix: string): number {
  if (json) {
    io.out(JSON.stringify({ error, message, fix, exitCode }) + '\n');
  } else {
    io.err(`error: ${message}\nfix: ${fix}\n`);
  }
  return exitCode;
}
