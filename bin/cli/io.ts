/** The CLI's outside world (streams, environment) as an argument, so tests run it in-process. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Exit codes, stable for CI scripts. */
export const EXIT = {
  OK: 0,
  /** status: the rollout failed, was rolled back or aborted. */
  ROLLOUT_FAILED: 1,
  USAGE: 2,
  /** No rollout (or no active rollout, for pause/resume/promote/abort) on the endpoint. */
  NOT_FOUND: 3,
  AWS_ERROR: 4,
} as const;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
