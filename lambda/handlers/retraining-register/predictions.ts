/** Parses Batch Transform outputs on the holdout: CSV lines `label,row id,prediction` (the joined, filtered output). */

export interface Prediction {
  readonly label: number;
  readonly prediction: number;
}

/** Predictions by row id; fails on a malformed line, naming the object and line. */
export function parsePredictions(files: Array<{ key: string; text: string }>): Map<string, Prediction> {
  const out = new Map<string, Prediction>();
  for (const f of files) {
    f.text.split('\n').forEach((raw, i) => {
      const line = raw.trim();
      if (!line) return;
      const cells = line.split(',');
      const label = Number(cells[0]);
      // The model's output may be several values (e.g. class probabilities): the row's last cell is the prediction.
      const prediction = Number(cells[cells.length - 1]);
      if (cells.length < 3 || !Number.isFinite(label) || !Number.isFinite(prediction)) {
        throw new Error(`${f.key} line ${i + 1}: expected 'label,row id,prediction', got '${line.slice(0, 80)}'`);
      }
      out.set(cells[1], { label, prediction });
    });
  }
  return out;
}
