/**
 * The hook's verdict on one invocation (pure): the call succeeded, was fast enough, and the output has the expected
 * shape — by default one probability in [0, 1] whose class matches the payload's expected label (README checks 1–4).
 */
import type { HookOutputSpec } from './output-spec';
import { outputProblems } from './output-spec';
import type { HookPayload } from './payload';

export type OutputCheck = 'probability' | 'numeric' | 'any';

export interface CheckConfig {
  readonly maxLatencyMs: number;
  readonly outputCheck: OutputCheck;
  /** When set, the trimmed body must match it (instead of `outputCheck`). */
  readonly expectedRegex?: RegExp;
  /** When set, the answer's shape as configured per rollout (RequestHook's expectedOutput); wins over the others. */
  readonly outputSpec?: HookOutputSpec;
}

export interface Invocation {
  readonly payload: HookPayload;
  readonly latencyMs: number;
  readonly statusCode?: number;
  readonly body?: string;
  /** Set when InvokeEndpoint threw (ModelError, 4XX/5XX, timeout). */
  readonly error?: string;
}

export function problemsOf(inv: Invocation, cfg: CheckConfig): string[] {
  if (inv.error !== undefined) return [`invocation failed: ${inv.error}`];
  const problems: string[] = [];
  if (inv.statusCode !== undefined && inv.statusCode !== 200) problems.push(`HTTP ${inv.statusCode}`);
  if (inv.latencyMs > cfg.maxLatencyMs) problems.push(`latency ${Math.round(inv.latencyMs)} ms > ${cfg.maxLatencyMs} ms`);
  const body = (inv.body ?? '').trim();
  if (cfg.outputSpec) return [...problems, ...outputProblems(body, cfg.outputSpec)];
  const shown = JSON.stringify(body.slice(0, 80));
  if (cfg.expectedRegex) {
    if (!cfg.expectedRegex.test(body)) problems.push(`output ${shown} does not match /${cfg.expectedRegex.source}/`);
    return problems;
  }
  if (cfg.outputCheck === 'any') return problems;
  // Number('') is 0, so the empty body is rejected explicitly.
  const value = body === '' ? NaN : Number(body);
  if (!Number.isFinite(value)) {
    problems.push(`output ${shown} is not a single number`);
    return problems;
  }
  if (cfg.outputCheck === 'probability') {
    if (value < 0 || value > 1) problems.push(`output ${value} is not a probability in [0, 1]`);
    const label = inv.payload.expected?.predictedLabel;
    if (label !== undefined && (value > 0.5 ? 1 : 0) !== label) {
      problems.push(`predicted class ${value > 0.5 ? 1 : 0} (p=${value}), expected ${label}`);
    }
  }
  return problems;
}

export function parseOutputCheck(v: string | undefined): OutputCheck {
  const c = (v ?? 'probability').trim().toLowerCase();
  if (c === 'probability' || c === 'numeric' || c === 'any') return c;
  throw new Error(`HOOK_OUTPUT_CHECK must be probability, numeric or any, got ${JSON.stringify(v)}`);
}
