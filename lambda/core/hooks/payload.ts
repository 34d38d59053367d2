/** A sample request of the built-in hook: one line of the JSONL format of assets/payloads (see its README.md). */
export interface HookPayload {
  readonly name: string;
  readonly source?: string;
  readonly contentType?: string;
  readonly accept?: string;
  /** The request body, sent as is (UTF-8). */
  readonly body: string;
  readonly expected?: {
    readonly species?: string;
    /** Class the response must predict (probability > 0.5 is class 1). */
    readonly predictedLabel?: number;
    readonly probability?: number;
    readonly probabilityTolerance?: number;
  };
}
