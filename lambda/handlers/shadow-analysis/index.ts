/**
 * Shadow analysis, run on a schedule: the shadow variant's captured answers against production's for the same
 * requests over the last window (paired by inferenceId, eventId, else identical input: lambda/core/experiments/
 * answers.ts), agreement and class flips or regression differences, and error-rate and p99 latency differences from
 * CloudWatch; published as metrics per endpoint and shadow variant, so alarms on them can gate a rollout.
 * Malformed capture lines are counted and skipped.
 */
import { EXPERIMENT_DIMENSIONS, EXPERIMENT_NAMESPACE, SHADOW_ENV, SHADOW_METRICS } from '../../../contracts/experiments';
import { captureStartKey, variantCapturePrefix } from '../../core/capture';
import { analyseShadow, CapturedAnswer, pairAnswers, parseAnswerFile, ShadowAnalysis, ShadowProblem } from '../../core/experiments';
import { clients } from '../../shared/clients';
import { required } from '../../shared/experiment-io';
import { createLogger } from '../../shared/log';
import { Datapoint, listObjects, objectLines, putMetrics } from '../../shared/monitoring-io';
import { shadowWindowMetrics } from '../../shared/shadow-metrics';

export interface ShadowRunSummary extends ShadowAnalysis {
  readonly paired: number;
  readonly unpairedProduction: number;
  readonly unpairedShadow: number;
  readonly malformedLines: number;
  readonly pairedBy: Record<string, number>;
}

export async function handler(): Promise<ShadowRunSummary> {
  const endpointName = required(SHADOW_ENV.endpointName);
  const production = required(SHADOW_ENV.productionVariant);
  const shadow = required(SHADOW_ENV.shadowVariant);
  const bucket = required(SHADOW_ENV.captureBucket);
  const prefix = process.env[SHADOW_ENV.capturePrefix] ?? '';
  const problem = (process.env[SHADOW_ENV.problem] ?? 'classification') as ShadowProblem;
  if (problem !== 'classification' && problem !== 'regression') throw new Error(`${SHADOW_ENV.problem} must be classification or regression (got '${problem}')`);
  const thresholdText = process.env[SHADOW_ENV.threshold];
  const threshold = thresholdText ? Number(thresholdText) : undefined;
  const windowSeconds = Number(process.env[SHADOW_ENV.windowSeconds] ?? 3600);
  const log = createLogger({ endpointName, shadowVariant: shadow });
  const { s3, cloudwatch } = clients();
  const nowSeconds = Math.floor(Date.now() / 1000);
  const startMs = (nowSeconds - windowSeconds) * 1000;

  let malformed = 0;
  const read = async (variant: string): Promise<CapturedAnswer[]> => {
    const variantPrefix = variantCapturePrefix(prefix, endpointName, variant);
    const out: CapturedAnswer[] = [];
    for (const o of await listObjects(s3, bucket, variantPrefix, captureStartKey(variantPrefix, nowSeconds - windowSeconds))) {
      const lines: string[] = [];
      for await (const line of objectLines(s3, bucket, o.key)) lines.push(line);
      const parsed = parseAnswerFile(lines.join('\n'));
      malformed += parsed.skipped;
      out.push(...parsed.answers.filter((a) => a.inferenceTimeMs === undefined || a.inferenceTimeMs >= startMs));
    }
    return out;
  };
  const prodAnswers = await read(production);
  const shadowAnswers = await read(shadow);
  // Identical inputs pair within the whole window: the rollout's replay sends a captured request minutes after production answered it.
  const { pairs, unpairedProduction, unpairedShadow } = pairAnswers(prodAnswers, shadowAnswers, windowSeconds * 1000);
  const health = await shadowWindowMetrics(cloudwatch, endpointName, production, shadow, nowSeconds - windowSeconds, nowSeconds, log);
  const asHealth = (h: { requests?: number; errorRate?: number; p99Ms?: number }) => h.requests !== undefined && h.errorRate !== undefined
    ? { requests: h.requests, errorRate: h.errorRate, ...(h.p99Ms !== undefined ? { p99LatencyMs: h.p99Ms } : {}) } : undefined;
  const analysis = analyseShadow(pairs, { problem, ...(threshold !== undefined && Number.isFinite(threshold) ? { threshold } : {}) },
    asHealth(health.stable), asHealth(health.candidate));
  if (malformed > 0) log.warn('malformed capture lines were skipped', { malformedLines: malformed });

  const dims = { [EXPERIMENT_DIMENSIONS.endpoint]: endpointName, [EXPERIMENT_DIMENSIONS.shadowVariant]: shadow };
  const dp = (name: string, value: number | undefined, unit?: Datapoint['unit']): Datapoint[] => value === undefined ? [] : [{ name, value, dimensions: dims, ...(unit ? { unit } : {}) }];
  await putMetrics(cloudwatch, EXPERIMENT_NAMESPACE, [
    ...dp(SHADOW_METRICS.agreementRate, analysis.agreementRate),
    ...dp(SHADOW_METRICS.meanAbsoluteDifference, analysis.meanAbsoluteDifference),
    ...dp(SHADOW_METRICS.meanRelativeDifference, analysis.meanRelativeDifference),
    ...dp(SHADOW_METRICS.errorRateDifference, analysis.errorRateDifference),
    ...dp(SHADOW_METRICS.p99LatencyDifferenceMs, analysis.p99LatencyDifferenceMs, 'Milliseconds'),
    ...dp(SHADOW_METRICS.paired, analysis.compared, 'Count'),
    ...dp(SHADOW_METRICS.unpaired, unpairedProduction + unpairedShadow, 'Count'),
    ...dp(SHADOW_METRICS.malformed, malformed, 'Count'),
  ], new Date(nowSeconds * 1000));
  const pairedBy: Record<string, number> = {};
  for (const p of pairs) pairedBy[p.by] = (pairedBy[p.by] ?? 0) + 1;
  log.info('shadow analysis', { ...analysis, pairedBy, unpairedProduction, unpairedShadow });
  return { ...analysis, paired: pairs.length, unpairedProduction, unpairedShadow, malformedLines: malformed, pairedBy };
}
