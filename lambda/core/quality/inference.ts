/**
 * What model quality needs from a Data Capture line: the join keys (`inferenceId`, which the caller passed as
 * InvokeEndpoint's `InferenceId`, and SageMaker's `eventId`), the inference time and the model's answer
 * (`captureData.endpointOutput`). Pure: no I/O. Lines without an output or any key return undefined; the caller
 * counts them as malformed.
 */

/** The answer of one captured inference, with its join keys. */
export interface CapturedOutput {
  readonly inferenceId?: string;
  readonly eventId?: string;
  /** Epoch milliseconds of `eventMetadata.inferenceTime` (0 when absent or unparsable). */
  readonly inferenceTimeMs: number;
  /** The response body as text (BASE64-encoded bodies decoded as UTF-8). */
  readonly output: string;
  /** `observedContentType` of the response. */
  readonly contentType: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Decodes the output side of one capture line. */
export function parseCapturedOutput(line: string): CapturedOutput | undefined {
  const text = line.trim();
  if (text.length === 0) return undefined;
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(record) || !isObject(record.captureData)) return undefined;
  const out = record.captureData.endpointOutput;
  if (!isObject(out) || typeof out.data !== 'string') return undefined;
  const encoding = typeof out.encoding === 'string' ? out.encoding.toUpperCase() : '';
  let body: string;
  if (encoding === 'CSV' || encoding === 'JSON') body = out.data;
  else if (encoding === 'BASE64') body = Buffer.from(out.data, 'base64').toString('utf8');
  else return undefined;
  const meta = isObject(record.eventMetadata) ? record.eventMetadata : {};
  const inferenceId = typeof meta.inferenceId === 'string' && meta.inferenceId.length > 0 ? meta.inferenceId : undefined;
  const eventId = typeof meta.eventId === 'string' && meta.eventId.length > 0 ? meta.eventId : undefined;
  if (!inferenceId && !eventId) return undefined;
  const time = typeof meta.inferenceTime === 'string' ? Date.parse(meta.inferenceTime) : NaN;
  return {
    ...(inferenceId ? { inferenceId } : {}),
    ...(eventId ? { eventId } : {}),
    inferenceTimeMs: Number.isFinite(time) ? time : 0,
    output: body,
    contentType: typeof out.observedContentType === 'string' ? out.observedContentType : '',
  };
}
