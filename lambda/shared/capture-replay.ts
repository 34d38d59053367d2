/**
 * Shadow by replay and the bake probe, the I/O: read the stable variant's Data Capture objects newer than a marker
 * (S3) with the answers production gave, and send their requests to the candidate variant (InvokeEndpoint with
 * TargetVariant, a synthetic InferenceId), keeping the candidate's answers. Both are bounded per call (objects,
 * requests, concurrency, a timeout per request, answer size). A failed invocation is counted, never thrown.
 */
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { CapturedRequest, parseCaptureLine, parseCapturedRecord } from '../core/capture';
import type { CaptureLocation } from '../core/rollout';
import { isSyntheticInferenceId } from '../../contracts/rollout-probe';
import { MAX_ANSWER_CHARS } from '../../contracts/shadow-answers';
import { errorMessage } from './errors';
import type { Logger } from './log';

export interface CaptureRead {
  readonly requests: CapturedRequest[];
  /** `outputs[i]`: the answer production gave to `requests[i]` (decoded), undefined when the capture holds no output. */
  readonly outputs: (string | undefined)[];
  /** Key of the last object read (the marker for the next read); the given marker when none was read. */
  readonly marker: string;
  readonly objects: number;
  readonly skippedLines: number;
}

/**
 * Captures under `variantPrefix` listed after `marker` (keys sort by time), in key order: at most `maxObjects`
 * objects and `maxRequests` requests. An object is read once: when it holds more requests than are left, the rest
 * of it is not replayed (the shadow run sees a sample of traffic, not all of it).
 */
export async function readCaptures(s3: S3Client, location: CaptureLocation, variantPrefix: string, marker: string,
  limits: { maxObjects: number; maxRequests: number }, log?: Logger): Promise<CaptureRead> {
  const listed = await s3.send(new ListObjectsV2Command({
    Bucket: location.bucket, Prefix: variantPrefix, StartAfter: marker, MaxKeys: limits.maxObjects,
  }));
  const requests: CapturedRequest[] = [];
  const outputs: (string | undefined)[] = [];
  let last = marker;
  let objects = 0;
  let skippedLines = 0;
  for (const o of listed.Contents ?? []) {
    if (!o.Key || requests.length >= limits.maxRequests) break;
    last = o.Key;
    if (!o.Key.endsWith('.jsonl')) continue;
    const out = await s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: o.Key }));
    const text = (await out.Body?.transformToString('utf-8')) ?? '';
    for (const line of text.split('\n')) {
      if (requests.length >= limits.maxRequests) break;
      if (!line.trim()) continue;
      const request = parseCaptureLine(line);
      if (!request) {
        skippedLines++;
        continue;
      }
      // Probes and replays captured by a variant that later became stable are not production requests.
      if (isSyntheticInferenceId(request.inferenceId)) continue;
      requests.push(request);
      outputs.push(parseCapturedRecord(line)?.output?.text);
    }
    objects++;
  }
  if (skippedLines > 0) log?.warn('capture lines that are not capture records with an input were skipped', { skippedLines });
  return { requests, outputs, marker: last, objects, skippedLines };
}

export interface ReplayOutcome {
  readonly sent: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly clientErrors: number;
  readonly latenciesMs: number[];
  readonly lastError?: string;
  /** `candidateAnswers[i]`: the candidate's answer to request i (at most MAX_ANSWER_CHARS), undefined when it failed. */
  readonly candidateAnswers: (string | undefined)[];
}

interface AwsErrorLike { name?: string; $metadata?: { httpStatusCode?: number } }

/** The candidate's fault: 5XX, a model error (424), no answer (timeout, network). Else a 4XX of the request. */
function isCandidateError(e: unknown): boolean {
  const err = (e && typeof e === 'object' ? e : {}) as AwsErrorLike;
  const status = err.$metadata?.httpStatusCode;
  if (err.name === 'ModelError' || err.name === 'ModelNotReadyException') return true;
  if (status === undefined || status >= 500) return true;
  return false;
}

/** Sends every request to `variant` with at most `concurrency` in flight, each bounded by `timeoutMs`. */
export interface ReplayOptions {
  readonly concurrency: number;
  readonly timeoutMs: number;
  /**
   * The InferenceId of the i-th request. Synthetic traffic is marked (contracts/rollout-probe.ts) so that the
   * candidate's captures of it are skipped by monitors and analyses.
   * @default none
   */
  readonly inferenceId?: (i: number) => string;
  /**
   * Send to this inference component of the endpoint instead of the variant (a component rollout's candidate).
   * @default none (TargetVariant)
   */
  readonly inferenceComponentName?: string;
}

export async function replayToVariant(runtime: SageMakerRuntimeClient, endpointName: string, variant: string,
  requests: readonly CapturedRequest[], o: ReplayOptions, log?: Logger): Promise<ReplayOutcome> {
  let errors = 0;
  let timeouts = 0;
  let clientErrors = 0;
  let lastError: string | undefined;
  const latenciesMs: number[] = [];
  const candidateAnswers: (string | undefined)[] = new Array(requests.length).fill(undefined);
  let next = 0;
  const one = async (r: CapturedRequest, i: number) => {
    const abort = new AbortController();
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    // The request is aborted at the timeout, and not waited for even if the abort is not honoured.
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => { timedOut = true; abort.abort(); reject(new Error('timeout')); }, o.timeoutMs);
    });
    const started = Date.now();
    try {
      const out = await Promise.race([runtime.send(new InvokeEndpointCommand({
        EndpointName: endpointName, Body: r.body, ContentType: r.contentType,
        ...(o.inferenceComponentName ? { InferenceComponentName: o.inferenceComponentName } : { TargetVariant: variant }),
        ...(o.inferenceId ? { InferenceId: o.inferenceId(i) } : {}),
      }), { abortSignal: abort.signal }), deadline]);
      latenciesMs.push(Date.now() - started);
      candidateAnswers[i] = answerText(out?.Body);
    } catch (e) {
      if (timedOut) {
        errors++;
        timeouts++;
        lastError = `timed out after ${o.timeoutMs} ms`;
      } else if (isCandidateError(e)) {
        errors++;
        lastError = errorMessage(e);
      } else {
        clientErrors++;
        lastError = errorMessage(e);
      }
    } finally {
      clearTimeout(timer);
    }
  };
  const worker = async () => {
    while (next < requests.length) {
      const i = next++;
      await one(requests[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency, requests.length)) }, worker));
  if (errors + clientErrors > 0) {
    log?.warn('shadow replay: candidate requests failed', { variant, sent: requests.length, errors, timeouts, clientErrors, lastError });
  }
  return { sent: requests.length, errors, timeouts, clientErrors, latenciesMs, candidateAnswers, ...(lastError ? { lastError } : {}) };
}

/** An InvokeEndpoint answer body as text, cut to MAX_ANSWER_CHARS ('' when there is none). */
function answerText(body: unknown): string {
  if (typeof body === 'string') return body.slice(0, MAX_ANSWER_CHARS);
  if (body instanceof Uint8Array) return new TextDecoder().decode(body.subarray(0, MAX_ANSWER_CHARS * 4)).slice(0, MAX_ANSWER_CHARS);
  return '';
}
