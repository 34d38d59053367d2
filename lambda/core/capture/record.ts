/**
 * Both sides of a Data Capture line as text: the request (`endpointInput`) and the response (`endpointOutput`),
 * each decoded from its `encoding` (CSV and JSON as they are, BASE64 to UTF-8). Used by the drift monitor, which
 * needs the features of the request and the model's output (prediction drift). Pure; undefined when the line is
 * not a capture record with at least one decodable side.
 */
import type { CaptureEncoding } from './parse';

export interface CapturedPart {
  /** The body as text. */
  readonly text: string;
  /** `observedContentType`, or the encoding's default (text/csv, application/json). */
  readonly contentType: string;
  readonly encoding: CaptureEncoding;
}

export interface CapturedRecord {
  readonly input?: CapturedPart;
  readonly output?: CapturedPart;
  readonly eventId?: string;
  readonly inferenceId?: string;
  /** `eventMetadata.inferenceTime` as given (ISO 8601), when present. */
  readonly inferenceTime?: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Decodes one side; undefined when it is absent or its encoding is unknown or broken. */
export function decodeCapturedPart(part: unknown): CapturedPart | undefined {
  if (!isObject(part) || typeof part.data !== 'string') return undefined;
  const encoding = typeof part.encoding === 'string' ? part.encoding.toUpperCase() : '';
  const observed = typeof part.observedContentType === 'string' && part.observedContentType.length > 0 ? part.observedContentType : undefined;
  if (encoding === 'CSV') return { text: part.data, contentType: observed ?? 'text/csv', encoding };
  if (encoding === 'JSON') return { text: part.data, contentType: observed ?? 'application/json', encoding };
  if (encoding === 'BASE64') {
    const compact = part.data.replace(/\s+/g, '');
    if (compact.length % 4 !== 0 || !BASE64.test(compact)) return undefined;
    return { text: Buffer.from(compact, 'base64').toString('utf8'), contentType: observed ?? 'application/octet-stream', encoding };
  }
  return undefined;
}

/** Parses one capture line into both decoded sides. */
export function parseCapturedRecord(line: string): CapturedRecord | undefined {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isObject(record) || !isObject(record.captureData)) return undefined;
  const input = decodeCapturedPart(record.captureData.endpointInput);
  const output = decodeCapturedPart(record.captureData.endpointOutput);
  if (!input && !output) return undefined;
  const meta = isObject(record.eventMetadata) ? record.eventMetadata : {};
  return {
    ...(input ? { input } : {}),
    ...(output ? { output } : {}),
    ...(typeof meta.eventId === 'string' ? { eventId: meta.eventId } : {}),
    ...(typeof meta.inferenceId === 'string' ? { inferenceId: meta.inferenceId } : {}),
    ...(typeof meta.inferenceTime === 'string' ? { inferenceTime: meta.inferenceTime } : {}),
  };
}
