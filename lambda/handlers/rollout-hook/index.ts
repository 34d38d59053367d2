/**
 * Built-in pre-/post-traffic hook: sends the sample payloads to the candidate variant only (InvokeEndpoint with
 * TargetVariant) and passes when every call succeeds within the latency budget with a well-formed output.
 * It answers {passed:false} rather than throwing, so the reason reaches the rollout record.
 */
import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import { CheckConfig, HookPayload, Invocation, parseInlinePayloads, parseOutputCheck, parseOutputSpec, problemsOf } from '../../core/hooks';
import { hookEventProblems, ROLLOUT_ENV, HookEvent, HookResult } from '../../core/rollout';
import { clients } from '../../shared/clients';
import { errorMessage } from '../../shared/errors';
import { optionalEnv } from '../../shared/env';
import { createLogger, Logger } from '../../shared/log';
import { DEFAULT_PAYLOADS } from './default-payloads';
import { loadPayloadsFromS3 } from './payloads';

const DEFAULT_MAX_LATENCY_MS = 2000;

export async function handler(event: HookEvent): Promise<HookResult> {
  const invalid = hookEventProblems(event);
  if (invalid.length > 0) return { passed: false, details: `rollout-hook: invalid event: ${invalid.join('; ')}` };
  const log = createLogger({ handler: 'rollout-hook', endpointName: event.endpointName, rolloutId: event.rolloutId,
    hook: event.hook, candidateVariant: event.candidateVariant });
  let cfg: CheckConfig;
  let payloads: readonly HookPayload[];
  try {
    cfg = configFromEnv();
    payloads = await payloadsFromEnv();
  } catch (e) {
    const details = `hook misconfigured: ${errorMessage(e)}`;
    log.error(details);
    return { passed: false, details };
  }
  const failures: string[] = [];
  let slowest = 0;
  for (const payload of payloads) {
    const inv = await invoke(event, payload, log);
    slowest = Math.max(slowest, inv.latencyMs);
    const problems = problemsOf(inv, cfg);
    log.metric('HookInvocationLatency', Math.round(inv.latencyMs), 'Milliseconds');
    if (problems.length > 0) {
      failures.push(`${payload.name}: ${problems.join(', ')}`);
      log.warn('payload failed', { payload: payload.name, problems, latencyMs: Math.round(inv.latencyMs) });
    } else {
      log.info('payload passed', { payload: payload.name, latencyMs: Math.round(inv.latencyMs) });
    }
  }
  const passed = failures.length === 0;
  const summary = `${payloads.length - failures.length}/${payloads.length} payloads passed on ` +
    `${event.candidateVariant}, slowest ${Math.round(slowest)} ms (max ${cfg.maxLatencyMs} ms)`;
  const details = passed ? summary : `${summary}; ${failures.join('; ')}`.slice(0, 4000);
  log.metric('HookFailed', passed ? 0 : 1);
  (passed ? log.info : log.error)(passed ? 'hook passed' : 'hook failed', { details });
  return { passed, details };
}

async function invoke(event: HookEvent, payload: HookPayload, log: Logger): Promise<Invocation> {
  const started = performance.now();
  try {
    const out = await clients().runtime.send(new InvokeEndpointCommand({
      EndpointName: event.endpointName,
      TargetVariant: event.candidateVariant,
      ContentType: payload.contentType ?? optionalEnv(ROLLOUT_ENV.HOOK_CONTENT_TYPE) ?? 'text/csv',
      Accept: payload.accept,
      Body: new TextEncoder().encode(payload.body),
    }));
    const latencyMs = performance.now() - started;
    const body = out.Body ? new TextDecoder().decode(out.Body) : '';
    if (out.InvokedProductionVariant && out.InvokedProductionVariant !== event.candidateVariant) {
      log.warn('response came from another variant', { invoked: out.InvokedProductionVariant });
    }
    return { payload, latencyMs, statusCode: out.$metadata.httpStatusCode, body };
  } catch (e) {
    return { payload, latencyMs: performance.now() - started, error: errorMessage(e) };
  }
}

function configFromEnv(): CheckConfig {
  const rawLatency = optionalEnv(ROLLOUT_ENV.HOOK_MAX_LATENCY_MS);
  const maxLatencyMs = rawLatency === undefined ? DEFAULT_MAX_LATENCY_MS : Number(rawLatency);
  if (!Number.isFinite(maxLatencyMs) || maxLatencyMs <= 0) {
    throw new Error(`HOOK_MAX_LATENCY_MS must be a positive number of milliseconds, got ${JSON.stringify(rawLatency)}`);
  }
  const regex = optionalEnv(ROLLOUT_ENV.HOOK_EXPECTED_OUTPUT_REGEX);
  const spec = optionalEnv(ROLLOUT_ENV.HOOK_EXPECTED_OUTPUT);
  return {
    outputSpec: spec === undefined ? undefined : parseOutputSpec(spec),
    maxLatencyMs,
    outputCheck: parseOutputCheck(optionalEnv(ROLLOUT_ENV.HOOK_OUTPUT_CHECK)),
    expectedRegex: regex === undefined ? undefined : new RegExp(regex),
  };
}

/**
 * The payloads of this hook: inline (HOOK_PAYLOADS, a request hook configured per rollout), from S3
 * (HOOK_PAYLOADS_S3_URI), or the reference Iris samples (the deprecated `builtInHook: true`).
 */
async function payloadsFromEnv(): Promise<readonly HookPayload[]> {
  const inline = optionalEnv(ROLLOUT_ENV.HOOK_PAYLOADS);
  if (inline !== undefined) return parseInlinePayloads(inline).map((p, i) => ({ ...p, name: p.name ?? `payload-${i + 1}` }));
  const uri = optionalEnv(ROLLOUT_ENV.HOOK_PAYLOADS_S3_URI);
  return uri ? loadPayloadsFromS3(clients().s3, uri) : DEFAULT_PAYLOADS;
}
