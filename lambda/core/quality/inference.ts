/**
 * What model quality needs from a Data Capture line: the join keys (`inferenceId`, which the caller passed as
 * InvokeEndpoint's `InferenceId`, and SageMaker's `eventId`), the inference time and the model's answer. Decoding
 * is lambda/core/capture's `parseCapturedRecord`. Pure: no I/O. Lines without an output or any key return
 * undefined; the caller counts them as malformed.
 */
import { parseCapturedRecord } from '../capture/record';

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

/** Decodes the output side of one capture line. */
export function parseCapturedOutput(line: string): CapturedOutput | undefined {
  const text = line.trim();
  if (text.length === 0) return undefined;
  const rec = parseCapturedRecord(text);
  if (!rec?.output) return undefined;
  const inferenceId = rec.inferenceId ? rec.inferenceId : undefined;
  const eventId = rec.eventId ? rec.eventId : undefined;
  if (!inferenceId && !eventId) return undefined;
  const time = rec.inferenceTime ? Date.parse(rec.inferenceTime) : NaN;
  return {
    ...(inferenceId ? { inferenceId } : {}),
    ...(eventId ? { eventId } : {}),
    inferenceTimeMs: Number.isFinite(time) ? time : 0,
    output: rec.output.text,
    contentType: rec.output.contentType,
  };
}
