/**
 * Reads the model's prediction out of a response body, for each problem type. Pure: no I/O.
 *
 * - CSV bodies: the first field is the prediction. For a classifier answering one probability per class
 *   (`0.1,0.7,0.2`), the predicted label is the index of the largest one.
 * - JSON bodies: the number or string itself, or the field named by `attribute` (dotted path, e.g.
 *   `predictions.0.score`), else the first of `predicted_label`, `label`, `prediction`, `score` found.
 */
import type { ProblemTypeName } from '../../../contracts/model-quality';

/** What a response says, by problem type. */
export interface Prediction {
  /** Classification: the predicted label (binary: '0' or '1' at the threshold). */
  readonly label?: string;
  /** Binary classification: the score of class 1; regression: the predicted value. */
  readonly value?: number;
}

export interface PredictionOptions {
  readonly problemType: ProblemTypeName;
  /** Binary: score at or above which the prediction is 1. */
  readonly threshold?: number;
  /** JSON bodies: dotted path of the prediction. */
  readonly attribute?: string;
}

const JSON_KEYS = ['predicted_label', 'label', 'prediction', 'score'];

function pick(value: unknown, path: string): unknown {
  let v: unknown = value;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function rawValues(body: string, contentType: string, attribute?: string): Array<string | number> | undefined {
  const text = body.trim();
  if (text.length === 0) return undefined;
  const looksJson = contentType.includes('json') || text.startsWith('{') || text.startsWith('[');
  if (!looksJson) return text.split('\n')[0].split(',').map((s) => s.trim());
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  let v: unknown = attribute ? pick(doc, attribute) : doc;
  if (!attribute && v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const key = JSON_KEYS.find((k) => (v as Record<string, unknown>)[k] !== undefined);
    v = key ? (v as Record<string, unknown>)[key] : undefined;
  }
  if (typeof v === 'number' || typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'number' || typeof x === 'string')) return v as Array<string | number>;
  return undefined;
}

/** The prediction of a response body; undefined when it cannot be read for this problem type. */
export function readPrediction(body: string, contentType: string, options: PredictionOptions): Prediction | undefined {
  const values = rawValues(body, contentType, options.attribute);
  if (!values || values.length === 0) return undefined;
  const nums = values.map((v) => (typeof v === 'number' ? v : Number(v)));
  switch (options.problemType) {
    case 'Regression':
      return Number.isFinite(nums[0]) ? { value: nums[0] } : undefined;
    case 'BinaryClassification': {
      // One score, or a probability per class (class 1's is the second).
      const score = nums.length >= 2 ? nums[1] : nums[0];
      if (!Number.isFinite(score)) return undefined;
      return { value: score, label: score >= (options.threshold ?? 0.5) ? '1' : '0' };
    }
    case 'MulticlassClassification': {
      if (values.length > 1 && nums.every(Number.isFinite)) {
        let best = 0;
        for (let i = 1; i < nums.length; i++) if (nums[i] > nums[best]) best = i;
        return { label: String(best) };
      }
      return { label: normalizeLabel(values[0]) };
    }
    default:
      return undefined;
  }
}

/** Labels compare as text; numeric labels in canonical form so '1', '1.0' and 1 are one class. */
export function normalizeLabel(v: string | number): string {
  const s = String(v).trim();
  const n = Number(s);
  return s.length > 0 && Number.isFinite(n) ? String(n) : s;
}
