/**
 * Joins captured inferences with ground-truth labels, tolerating late labels. Pure: no I/O.
 *
 * An inference is keyed by its `inferenceId` when the caller passed one, else by its `eventId`; a label's id
 * (`eventMetadata.eventId` of the ground-truth record) may be either, as in Model Monitor. Inferences without a
 * label wait in the state for up to `lateLabelWindowMs` after their inference time, labels without an inference
 * (uploaded before the capture file was written) wait as long after the run that read them; after that they
 * expire and are counted. A second label for an already-labelled inference is counted as a duplicate and ignored.
 *
 * The state is what the handler keeps between runs (in S3): only keys, predictions and times, never payloads.
 */

/** An inference waiting for its label. */
export interface PendingInference {
  readonly inferenceId?: string;
  readonly eventId?: string;
  readonly variant: string;
  readonly inferenceTimeMs: number;
  /** Predicted label (classification). */
  readonly label?: string;
  /** Score of class 1 (binary) or predicted value (regression). */
  readonly value?: number;
}

/** A label waiting for its inference. */
export interface PendingLabel {
  readonly id: string;
  readonly label: string;
  /** When the run that read it ran (epoch ms). */
  readonly seenMs: number;
}

export interface JoinState {
  readonly inferences: PendingInference[];
  readonly labels: PendingLabel[];
}

export const EMPTY_JOIN_STATE: JoinState = { inferences: [], labels: [] };

/** One inference with its label. */
export interface JoinedPair {
  readonly inference: PendingInference;
  readonly actual: string;
}

export interface JoinResult {
  readonly pairs: JoinedPair[];
  /** What still waits, for the next run. */
  readonly state: JoinState;
  /** Inferences whose label did not come within the window. */
  readonly expiredInferences: number;
  /** Labels whose inference never showed up within the window. */
  readonly expiredLabels: number;
  /** Labels for an id already labelled. */
  readonly duplicateLabels: number;
}

/**
 * Matches the state plus this run's inferences with the state's plus this run's labels.
 * @param nowMs the run's time
 * @param lateLabelWindowMs how long an inference waits for its label (and a label for its inference)
 */
export function joinLabels(
  state: JoinState,
  inferences: readonly PendingInference[],
  labels: ReadonlyArray<{ id: string; label: string }>,
  nowMs: number,
  lateLabelWindowMs: number,
): JoinResult {
  const byLabelId = new Map<string, PendingLabel>();
  let duplicateLabels = 0;
  for (const l of [...state.labels, ...labels.map((x) => ({ ...x, seenMs: nowMs }))]) {
    if (byLabelId.has(l.id)) duplicateLabels++;
    else byLabelId.set(l.id, l);
  }
  const used = new Set<string>();
  const pairs: JoinedPair[] = [];
  const waiting: PendingInference[] = [];
  let expiredInferences = 0;
  for (const inf of [...state.inferences, ...inferences]) {
    const key = [inf.inferenceId, inf.eventId].find((k) => k !== undefined && byLabelId.has(k) && !used.has(k));
    if (key !== undefined) {
      used.add(key);
      pairs.push({ inference: inf, actual: byLabelId.get(key)!.label });
    } else if (inf.inferenceTimeMs + lateLabelWindowMs >= nowMs) {
      waiting.push(inf);
    } else {
      expiredInferences++;
    }
  }
  const leftLabels: PendingLabel[] = [];
  let expiredLabels = 0;
  for (const [id, l] of byLabelId) {
    if (used.has(id)) continue;
    if (l.seenMs + lateLabelWindowMs >= nowMs) leftLabels.push(l);
    else expiredLabels++;
  }
  return { pairs, state: { inferences: waiting, labels: leftLabels }, expiredInferences, expiredLabels, duplicateLabels };
}
