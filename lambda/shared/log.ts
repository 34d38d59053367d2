/**
 * Structured logs: one JSON object per line, always carrying the rollout's endpointName/rolloutId when known,
 * so CloudWatch Logs Insights can follow one rollout across the controller, rollback and hook Lambdas.
 * Metrics are CloudWatch Embedded Metric Format lines on the same stream (no PutMetricData call, no extra latency).
 */
import { ROLLOUT_METRIC_NAMESPACE } from '../../contracts/rollout-env';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
export type LogContext = Readonly<Record<string, unknown>>;
export type LogSink = (line: string) => void;

const defaultSink: LogSink = (line) => process.stdout.write(line + '\n');
let sink: LogSink = defaultSink;

/** Redirects every log line (tests capture them); undefined restores stdout. */
export function setLogSink(s: LogSink | undefined): void {
  sink = s ?? defaultSink;
}

/** The handlers' metric namespace (one constant, in contracts/rollout-env.ts, which lib/ alarms on). */
export const METRIC_NAMESPACE = ROLLOUT_METRIC_NAMESPACE;

export interface Logger {
  debug(msg: string, fields?: LogContext): void;
  info(msg: string, fields?: LogContext): void;
  warn(msg: string, fields?: LogContext): void;
  error(msg: string, fields?: LogContext): void;
  /** A logger whose lines also carry `ctx`. */
  child(ctx: LogContext): Logger;
  /** One EMF metric, dimensioned by EndpointName when the context has one. */
  metric(name: string, value: number, unit?: 'Count' | 'Milliseconds' | 'Seconds' | 'None'): void;
  /** Several EMF metrics of one set of dimensions (all of them, together), in the handlers' namespace. */
  metrics(values: ReadonlyArray<{ readonly name: string; readonly value: number; readonly unit: string }>,
    dimensions: { readonly [name: string]: string }): void;
}

export function createLogger(ctx: LogContext = {}): Logger {
  const write = (level: LogLevel, msg: string, fields?: LogContext) => {
    sink(JSON.stringify({ level, msg, time: new Date().toISOString(), ...ctx, ...fields }, errorReplacer));
  };
  return {
    debug: (m, f) => write('DEBUG', m, f),
    info: (m, f) => write('INFO', m, f),
    warn: (m, f) => write('WARN', m, f),
    error: (m, f) => write('ERROR', m, f),
    child: (more) => createLogger({ ...ctx, ...more }),
    metric: (name, value, unit = 'Count') => {
      const endpointName = typeof ctx.endpointName === 'string' ? ctx.endpointName : undefined;
      // Per endpoint, and summed over all endpoints (the controller's alarms watch the sum).
      const dims = endpointName ? [['EndpointName'], []] : [[]];
      sink(JSON.stringify({
        _aws: {
          Timestamp: Date.now(),
          CloudWatchMetrics: [{ Namespace: METRIC_NAMESPACE, Dimensions: dims, Metrics: [{ Name: name, Unit: unit }] }],
        },
        ...(endpointName ? { EndpointName: endpointName } : {}),
        rolloutId: ctx.rolloutId,
        [name]: value,
      }));
    },
    metrics: (values, dimensions) => {
      if (values.length === 0) return;
      sink(JSON.stringify({
        _aws: {
          Timestamp: Date.now(),
          CloudWatchMetrics: [{ Namespace: METRIC_NAMESPACE, Dimensions: [Object.keys(dimensions)],
            Metrics: values.map((v) => ({ Name: v.name, Unit: v.unit })) }],
        },
        ...dimensions,
        rolloutId: ctx.rolloutId,
        ...Object.fromEntries(values.map((v) => [v.name, v.value])),
      }));
    },
  };
}

/** Errors serialize as name/message (JSON.stringify would give `{}`). */
function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}

/** A logger that writes nothing (the CLI: its output is its own, and the executor's lines would garble it). */
export const SILENT_LOGGER: Logger = {
  debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined,
  child: () => SILENT_LOGGER, metric: () => undefined, metrics: () => undefined,
};
