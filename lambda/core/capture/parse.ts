/**
 * SageMaker Data Capture records (JSON Lines under `<prefix>/<endpoint>/<variant>/yyyy/mm/dd/hh/*.jsonl`) parsed
 * into the requests they captured. Pure: no I/O. A line that is not a capture record with an input is skipped and
 * counted, never thrown: one bad line must not stop a replay or a drift job.
 *
 * A line looks like:
 *   {"captureData":{"endpointInput":{"observedContentType":"text/csv","mode":"INPUT","data":"5.1,3.5,1.4,0.2",
 *    "encoding":"CSV"},"endpointOutput":{...}},"eventMetadata":{"eventId":"...","inferenceTime":"2026-..."},...}
 * `encoding` says how `data` holds the body: CSV and JSON as text, BASE64 for any other content type.
 */
import { isObject, parseJsonObjectLine } from './json-line';

/** One captured request, ready to be sent again. */
export interface CapturedRequest {
  /** The request body as the endpoint received it. */
  readonly body: Uint8Array;
  /** `observedContentType` of the capture (the request's Content-Type). */
  readonly contentType: string;
  readonly eventId?: string;
  /** `eventMetadata.inferenceId` (the caller's InvokeEndpoint InferenceId), when set. */
  readonly inferenceId?: string;
  /** Epoch milliseconds of `eventMetadata.inferenceTime`, when it parses. */
  readonly inferenceTimeMs?: number;
}

export type CaptureEncoding = 'CSV' | 'JSON' | 'BASE64';

export interface ParsedCaptureFile {
  readonly requests: CapturedRequest[];
  /** Non-empty lines that were not a capture record with a decodable input. */
  readonly skipped: number;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const DEFAULT_CONTENT_TYPE: Record<CaptureEncoding, string> = {
  CSV: 'text/csv', JSON: 'application/json', BASE64: 'application/octet-stream',
};

/** Decodes one capture line; undefined when it is not a capture record with an input (the reason is not needed). */
export function parseCaptureLine(line: string): CapturedRequest | undefined {
  const record = parseJsonObjectLine(line);
  if (!record || !isObject(record.captureData)) return undefined;
  const input = record.captureData.endpointInput;
  if (!isObject(input) || typeof input.data !== 'string') return undefined;
  if (input.mode !== undefined && input.mode !== 'INPUT') return undefined;
  const encoding = typeof input.encoding === 'string' ? input.encoding.toUpperCase() : '';
  let body: Uint8Array;
  switch (encoding) {
    case 'CSV':
    case 'JSON':
      body = new TextEncoder().encode(input.data);
      break;
    case 'BASE64': {
      const compact = input.data.replace(/\s+/g, '');
      if (compact.length % 4 !== 0 || !BASE64.test(compact)) return undefined;
      body = new Uint8Array(Buffer.from(compact, 'base64'));
      break;
    }
    default:
      return undefined;
  }
  const contentType = typeof input.observedContentType === 'string' && input.observedContentType.length > 0
    ? input.observedContentType : DEFAULT_CONTENT_TYPE[encoding as CaptureEncoding];
  const meta = isObject(record.eventMetadata) ? record.eventMetadata : {};
  const time = typeof meta.inferenceTime === 'string' ? Date.parse(meta.inferenceTime) : NaN;
  return {
    body,
    contentType,
    ...(typeof meta.eventId === 'string' ? { eventId: meta.eventId } : {}),
    ...(typeof meta.inferenceId === 'string' && meta.inferenceId ? { inferenceId: meta.inferenceId } : {}),
    ...(Number.isFinite(time) ? { inferenceTimeMs: time } : {}),
  };
}

/** Every request of a capture file, in file order, at most `maxRequests` of them. */
export function parseCaptureFile(text: string, maxRequests = Number.POSITIVE_INFINITY): ParsedCaptureFile {
  const requests: CapturedRequest[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (requests.length >= maxRequests) break;
    if (line.trim().length === 0) continue;
    const r = parseCaptureLine(line);
    if (r) requests.push(r);
    else skipped++;
  }
  return { requests, skipped };
}

/** Key prefix of one variant's captures: `<prefix>/<endpoint>/<variant>/` (the prefix without slashes at its ends). */
export function variantCapturePrefix(prefix: string, endpointName: string, variantName: string): string {
  const p = prefix.replace(/^\/+|\/+$/g, '');
  return `${p ? `${p}/` : ''}${endpointName}/${variantName}/`;
}

/**
 * Where listing starts for captures written from `epochSeconds` on: the key of that hour's folder
 * (`yyyy/mm/dd/hh/`, UTC). Capture keys sort by time, so `StartAfter` this key skips older hours. Files of the
 * same hour written a little earlier are listed too: they are real production requests all the same.
 */
export function captureStartKey(variantPrefix: string, epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  // One character before the folder, so the folder's own files sort after it.
  return `${variantPrefix}${d.getUTCFullYear()}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${two(d.getUTCHours())}`;
}
