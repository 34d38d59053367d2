/**
 * Ground-truth labels in Model Monitor's documented format (one JSON object per line, uploaded under
 * `<ground-truth prefix>/yyyy/mm/dd/hh/*.jsonl`, the hour being when the label was collected):
 *
 *   {"groundTruthData":{"data":"1","encoding":"CSV"},"eventMetadata":{"eventId":"<inferenceId or eventId>"},"eventVersion":"0"}
 *
 * `eventMetadata.eventId` holds the caller's `InferenceId` when the request passed one, else the `eventId` SageMaker
 * generated. Pure: no I/O. A line that is not such a record is counted by the caller and skipped, never thrown.
 */
import { isObject, parseJsonObjectLine } from '../capture/json-line';

/** One label. */
export interface GroundTruthLabel {
  /** The key it joins on: the inference's `inferenceId`, else its `eventId`. */
  readonly id: string;
  /** The label as text (CSV: the first field; JSON: the value, or its `label` field). */
  readonly label: string;
}

/** Decodes one ground-truth line; undefined when it is not a ground-truth record (blank lines included). */
export function parseGroundTruthLine(line: string): GroundTruthLabel | undefined {
  const record = parseJsonObjectLine(line);
  if (!record || !isObject(record.groundTruthData) || !isObject(record.eventMetadata)) return undefined;
  const id = record.eventMetadata.eventId;
  if (typeof id !== 'string' || id.length === 0) return undefined;
  const data = record.groundTruthData.data;
  const encoding = typeof record.groundTruthData.encoding === 'string' ? record.groundTruthData.encoding.toUpperCase() : 'CSV';
  let label: string | undefined;
  if (encoding === 'CSV') {
    if (typeof data === 'string' || typeof data === 'number') label = String(data).split(',')[0].trim();
  } else if (encoding === 'JSON') {
    label = jsonLabel(data);
  }
  if (label === undefined || label.length === 0) return undefined;
  return { id, label };
}

function jsonLabel(data: unknown): string | undefined {
  let value = data;
  if (typeof data === 'string') {
    try {
      value = JSON.parse(data);
    } catch {
      return undefined;
    }
  }
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  if (isObject(value) && (typeof value.label === 'number' || typeof value.label === 'string')) return String(value.label);
  return undefined;
}

/** One ground-truth line for a label: what a caller uploads (see the README's ground-truth example). */
export function groundTruthLine(id: string, label: string | number): string {
  return JSON.stringify({
    groundTruthData: { data: String(label), encoding: 'CSV' },
    eventMetadata: { eventId: id },
    eventVersion: '0',
  });
}
