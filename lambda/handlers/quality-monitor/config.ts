/** The quality monitor's environment, validated (ModelQualityMonitor sets it; names in contracts/model-quality). */
import { isProblemType, ProblemTypeName, QUALITY_ENV, QualityConstraintsFile } from '../../../contracts/model-quality';
import { MonitoredDimension, MONITORED_DIMENSION_ENV, monitoredDimension } from '../../../contracts/model-monitor';
import { optionalEnv, requireEnv } from '../../shared/env';

export interface QualityConfig {
  readonly endpointName: string;
  /** Capture folders measured, one each: variant names, or inference component names. */
  readonly variantNames: string[];
  /** The dimension their names go in (MONITORED_DIMENSION_ENV). */
  readonly dimension: MonitoredDimension;
  readonly monitorName: string;
  readonly problemType: ProblemTypeName;
  readonly threshold: number;
  readonly inferenceAttribute?: string;
  readonly lateLabelWindowMs: number;
  readonly constraints: QualityConstraintsFile;
  readonly captureBucket: string;
  readonly capturePrefix: string;
  readonly groundTruthBucket: string;
  readonly groundTruthPrefix: string;
  readonly reportBucket: string;
}

export function readQualityConfig(): QualityConfig {
  const problemType = requireEnv(QUALITY_ENV.problemType);
  if (!isProblemType(problemType)) {
    throw new Error(`${QUALITY_ENV.problemType} is '${problemType}'; expected BinaryClassification, MulticlassClassification or Regression`);
  }
  const threshold = Number(optionalEnv(QUALITY_ENV.probabilityThreshold) ?? '0.5');
  const windowSeconds = Number(requireEnv(QUALITY_ENV.lateLabelWindowSeconds));
  if (!Number.isFinite(threshold) || !Number.isFinite(windowSeconds) || windowSeconds < 0) {
    throw new Error(`${QUALITY_ENV.probabilityThreshold} / ${QUALITY_ENV.lateLabelWindowSeconds} must be numbers (got '${threshold}', '${windowSeconds}')`);
  }
  let constraints: QualityConstraintsFile;
  try {
    constraints = JSON.parse(optionalEnv(QUALITY_ENV.constraints) ?? '{"version":0}');
  } catch {
    throw new Error(`${QUALITY_ENV.constraints} is not JSON in constraints.json format`);
  }
  const variantNames = requireEnv(QUALITY_ENV.variantNames).split(',').map((s) => s.trim()).filter(Boolean);
  if (variantNames.length === 0) throw new Error(`${QUALITY_ENV.variantNames} names no variant`);
  return {
    endpointName: requireEnv(QUALITY_ENV.endpointName),
    variantNames,
    dimension: monitoredDimension(optionalEnv(MONITORED_DIMENSION_ENV)),
    monitorName: requireEnv(QUALITY_ENV.monitorName),
    problemType,
    threshold,
    inferenceAttribute: optionalEnv(QUALITY_ENV.inferenceAttribute),
    lateLabelWindowMs: windowSeconds * 1000,
    constraints,
    captureBucket: requireEnv(QUALITY_ENV.captureBucket),
    capturePrefix: optionalEnv(QUALITY_ENV.capturePrefix) ?? '',
    groundTruthBucket: requireEnv(QUALITY_ENV.groundTruthBucket),
    groundTruthPrefix: optionalEnv(QUALITY_ENV.groundTruthPrefix) ?? '',
    reportBucket: requireEnv(QUALITY_ENV.reportBucket),
  };
}
