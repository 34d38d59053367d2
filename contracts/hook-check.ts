/**
 * The request hook's configuration as it travels from lib/rollout (RequestHook, HookOutputCheck) to the hook Lambda's
 * environment (ROLLOUT_ENV.HOOK_PAYLOADS, HOOK_EXPECTED_OUTPUT, ...): plain JSON, checked by the hook at start.
 */

/** One sample request, sent as is to the candidate variant. */
export interface HookPayloadSpec {
  readonly name?: string;
  readonly body: string;
  /** @default the hook's default content type */
  readonly contentType?: string;
  readonly accept?: string;
}

/** A check of one value picked from a JSON answer. */
export type HookValueSpec =
  | { readonly kind: 'exists' }
  | { readonly kind: 'equals'; readonly value: string }
  | { readonly kind: 'between'; readonly min: number; readonly max: number }
  | { readonly kind: 'matches'; readonly pattern: string };

/** What every answer must look like (beside HTTP 200 within the latency budget). */
export type HookOutputSpec =
  | { readonly kind: 'any' }
  | { readonly kind: 'regex'; readonly pattern: string }
  /** The whole body is one number, within [min, max] when given. */
  | { readonly kind: 'number'; readonly min?: number; readonly max?: number }
  /** The body is JSON; the value at `path` ($.a.b[0], $[1].score) passes `check`. */
  | { readonly kind: 'jsonPath'; readonly path: string; readonly check: HookValueSpec };

/** Lambda's environment holds at most 4 KB: inline payloads larger than this go to S3. */
export const MAX_INLINE_HOOK_PAYLOAD_CHARS = 3000;
