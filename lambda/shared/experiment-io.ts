/**
 * I/O shared by the experiment handlers: which variant answered each captured inference (by inferenceId, from the
 * variant's Data Capture folder), outcome events streamed from the lake, and settings from the environment.
 */
import { isSyntheticInferenceId } from '../../contracts/rollout-probe';
import type { S3Client } from '@aws-sdk/client-s3';
import { AbMetricConfig, AB_ENV } from '../../contracts/experiments';
import { variantCapturePrefix } from '../core/capture';
import { OutcomeAccumulator, parseOutcomeLine } from '../core/experiments';
import { listObjects, objectLines } from './monitoring-io';

export interface VariantConfig {
  readonly name: string;
  readonly weight: number;
}

/** Settings every A/B handler reads. */
export interface AbSettings {
  readonly endpointName: string;
  readonly experimentName: string;
  readonly variants: VariantConfig[];
  readonly captureBucket: string;
  readonly capturePrefix: string;
  readonly outcomeBucket: string;
  readonly outcomePrefix: string;
  readonly stateBucket: string;
  readonly metrics: AbMetricConfig[];
}

export function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`environment variable ${name} is not set (it is set by the construct that deploys this function)`);
  return v;
}

function json<T>(name: string): T {
  const text = required(name);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`environment variable ${name} is not valid JSON: ${text.slice(0, 80)}`);
  }
}

export function readAbSettings(): AbSettings {
  const variants = json<VariantConfig[]>(AB_ENV.variants);
  if (!Array.isArray(variants) || variants.length < 2) throw new Error(`${AB_ENV.variants} needs at least two variants, control first`);
  const metrics = json<AbMetricConfig[]>(AB_ENV.metrics);
  if (!Array.isArray(metrics) || metrics.length === 0) throw new Error(`${AB_ENV.metrics} needs at least one metric`);
  return {
    endpointName: required(AB_ENV.endpointName),
    experimentName: required(AB_ENV.experimentName),
    variants,
    captureBucket: required(AB_ENV.captureBucket),
    capturePrefix: process.env[AB_ENV.capturePrefix] ?? '',
    outcomeBucket: required(AB_ENV.outcomeBucket),
    outcomePrefix: process.env[AB_ENV.outcomePrefix] ?? '',
    stateBucket: required(AB_ENV.stateBucket),
    metrics,
  };
}

export interface CaptureIndex {
  /** inferenceId -> variant index. */
  readonly variantOf: Map<string, number>;
  /** Captured inferences per variant (the units of the SRM check). */
  readonly units: number[];
  readonly files: number;
  /** Lines that are not capture records, or records without an inferenceId (they cannot join an outcome). */
  readonly malformed: number;
}

/** Reads every capture record of the variants and indexes them by inferenceId. */
export async function indexCaptures(s3: S3Client, s: AbSettings): Promise<CaptureIndex> {
  const variantOf = new Map<string, number>();
  const units = s.variants.map(() => 0);
  let files = 0;
  let malformed = 0;
  for (let v = 0; v < s.variants.length; v++) {
    const prefix = variantCapturePrefix(s.capturePrefix, s.endpointName, s.variants[v].name);
    for (const o of await listObjects(s3, s.captureBucket, prefix)) {
      files++;
      for await (const line of objectLines(s3, s.captureBucket, o.key)) {
        if (!line.trim()) continue;
        let id: unknown;
        try { id = JSON.parse(line)?.eventMetadata?.inferenceId; } catch { id = undefined; }
        if (typeof id !== 'string' || id === '') { malformed++; continue; }
        // The rollout's probes and replays are not assigned users: they would skew the sample-ratio check.
        if (isSyntheticInferenceId(id)) continue;
        if (!variantOf.has(id)) units[v]++;
        variantOf.set(id, v);
      }
    }
  }
  return { variantOf, units, files, malformed };
}

/** Streams the outcome files into an accumulator; returns the files read and the malformed lines. */
export async function readOutcomes(s3: S3Client, s: AbSettings, index: CaptureIndex, acc: OutcomeAccumulator): Promise<{ files: number; malformed: number }> {
  let files = 0;
  let malformed = 0;
  for (const o of await listObjects(s3, s.outcomeBucket, s.outcomePrefix)) {
    files++;
    for await (const line of objectLines(s3, s.outcomeBucket, o.key)) {
      if (!line.trim()) continue;
      const event = parseOutcomeLine(line);
      if (!event) { malformed++; continue; }
      acc.add(event, index.variantOf.get(event.inferenceId));
    }
  }
  return { files, malformed: malformed + acc.invalid };
}
