/** The drift monitor's environment, validated (DriftMonitor sets it; names in contracts/drift-monitor). */
import { DEFAULT_ATHENA_SWITCH_BYTES, DRIFT_ENV, DriftThresholds } from '../../../contracts/drift-monitor';
import { FeatureSchema, MonitoredDimension, MONITORED_DIMENSION_ENV, monitoredDimension, validateSchema } from '../../../contracts/model-monitor';
import { optionalEnv, requireEnv } from '../../shared/env';

export interface DriftConfig {
  readonly endpointName: string;
  /** Capture folders measured, one each: variant names, or inference component names. */
  readonly variantNames: string[];
  /** The dimension their names go in (MONITORED_DIMENSION_ENV). */
  readonly dimension: MonitoredDimension;
  readonly monitorName: string;
  readonly schema: FeatureSchema;
  readonly baselineStatistics: string;
  readonly baselineConstraints?: string;
  readonly thresholds: DriftThresholds;
  readonly captureBucket: string;
  readonly capturePrefix: string;
  readonly reportBucket: string;
  readonly athenaSwitchBytes: number;
  readonly athena?: { readonly workGroup: string; readonly database: string; readonly table: string };
}

function json<T>(name: string, fallback?: string): T {
  const text = optionalEnv(name) ?? fallback;
  if (text === undefined) throw new Error(`environment variable ${name} is not set; the construct that deploys this Lambda sets it`);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`environment variable ${name} is not valid JSON`);
  }
}

export function readDriftConfig(): DriftConfig {
  const schema = json<FeatureSchema>(DRIFT_ENV.schema);
  const problems = validateSchema(schema);
  if (problems.length > 0) throw new Error(`${DRIFT_ENV.schema}: ${problems.join('; ')}`);
  const variantNames = requireEnv(DRIFT_ENV.variantNames).split(',').map((s) => s.trim()).filter(Boolean);
  if (variantNames.length === 0) throw new Error(`${DRIFT_ENV.variantNames} names no variant`);
  const switchBytes = Number(optionalEnv(DRIFT_ENV.athenaSwitchBytes) ?? DEFAULT_ATHENA_SWITCH_BYTES);
  if (!(switchBytes > 0)) throw new Error(`${DRIFT_ENV.athenaSwitchBytes} must be a positive number of bytes`);
  const workGroup = optionalEnv(DRIFT_ENV.athenaWorkGroup);
  const database = optionalEnv(DRIFT_ENV.athenaDatabase);
  const table = optionalEnv(DRIFT_ENV.athenaTable);
  return {
    endpointName: requireEnv(DRIFT_ENV.endpointName),
    variantNames,
    dimension: monitoredDimension(optionalEnv(MONITORED_DIMENSION_ENV)),
    monitorName: requireEnv(DRIFT_ENV.monitorName),
    schema,
    baselineStatistics: requireEnv(DRIFT_ENV.baselineStatistics),
    baselineConstraints: optionalEnv(DRIFT_ENV.baselineConstraints),
    thresholds: json<DriftThresholds>(DRIFT_ENV.thresholds, '{}'),
    captureBucket: requireEnv(DRIFT_ENV.captureBucket),
    capturePrefix: optionalEnv(DRIFT_ENV.capturePrefix) ?? '',
    reportBucket: requireEnv(DRIFT_ENV.reportBucket),
    athenaSwitchBytes: switchBytes,
    ...(workGroup && database && table ? { athena: { workGroup, database, table } } : {}),
  };
}
