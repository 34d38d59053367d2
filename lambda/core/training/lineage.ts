/**
 * The lineage of a model version as SageMaker's registry can hold it (pure): CustomerMetadataProperties accept at
 * most 50 entries, keys of 1-128 and values of 1-256 characters from letters, digits, spaces and `_.:/=+-@`
 * (sagemaker service-2.json CustomerMetadataKey/Value), so every value is cleaned and cut, and the full record
 * goes to S3 next to the evaluation report.
 */
import type { ComparisonResult } from './comparison';

const ALLOWED = /[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu;

/** A value SageMaker accepts: disallowed characters become '_', at most 256 characters, never empty. */
export function metadataValue(v: string | number): string {
  const s = String(v).replace(ALLOWED, '_').slice(0, 256);
  return s.length > 0 ? s : '-';
}

export function metadataKey(k: string): string {
  return metadataValue(k).slice(0, 128);
}

export interface Lineage {
  readonly runId: string;
  readonly reasons: readonly string[];
  readonly sourceUri: string;
  readonly table: string;
  readonly snapshotAt: string;
  readonly trainUri: string;
  readonly holdoutUri: string;
  readonly holdoutRows: number;
  readonly trainingJobArn: string;
  readonly image: string;
  readonly modelDataUrl: string;
  readonly hyperparameters: Readonly<Record<string, string>>;
  readonly codeVersion: string;
  readonly loss: string;
  readonly challengerLoss: number;
  readonly comparison?: ComparisonResult;
  readonly championArn?: string;
  readonly registeredAs: string;
  readonly reportUri: string;
}

/** The CustomerMetadataProperties of a version (at most 50; hyperparameters fill what is left, sorted by name). */
export function customerMetadata(l: Lineage): Record<string, string> {
  const fixed: Array<[string, string | number]> = [
    ['run:id', l.runId],
    ['run:reasons', l.reasons.join(' + ')],
    ['data:source', l.sourceUri],
    ['data:table', l.table],
    ['data:snapshotAt', l.snapshotAt],
    ['data:train', l.trainUri],
    ['data:holdout', l.holdoutUri],
    ['data:holdoutRows', l.holdoutRows],
    ['code:version', l.codeVersion],
    ['training:job', l.trainingJobArn],
    ['training:image', l.image],
    ['model:data', l.modelDataUrl],
    ['metric:loss', l.loss],
    ['metric:challengerLoss', l.challengerLoss],
    ['approval:registeredAs', l.registeredAs],
    ['report', l.reportUri],
  ];
  if (l.comparison) {
    fixed.push(['metric:championLoss', l.comparison.championLoss], ['compare:champion', l.championArn ?? '-'],
      ['compare:improvement', l.comparison.meanImprovement], ['compare:margin', l.comparison.margin],
      ['compare:pValue', l.comparison.pValue], ['compare:challengerWins', String(l.comparison.challengerWins)]);
  }
  const out: Record<string, string> = {};
  for (const [k, v] of fixed) out[metadataKey(k)] = metadataValue(v);
  for (const k of Object.keys(l.hyperparameters).sort()) {
    if (Object.keys(out).length >= 50) break;
    out[metadataKey(`hp:${k}`)] = metadataValue(l.hyperparameters[k]);
  }
  return out;
}
