/** The rollout's state and counts as metrics (dashboards), each time the one writer changed the record. */
import { rolloutCountMetrics, rolloutStateMetrics, RolloutRecord } from '../../core/rollout';
import type { Logger } from '../log';
import type { ExecutionReport } from './context';

/** After the read-back and the write, so the metrics report what the endpoint and the record say, never an intention. */
export function publishStateMetrics(log: Logger, before: RolloutRecord | undefined, report: ExecutionReport): void {
  if (!report.record || report.record === before || report.stale) return;
  const state = rolloutStateMetrics(report.record, report.live);
  log.metrics(state.map((d) => ({ name: d.name, value: d.value, unit: d.unit })), state[0].dimensions);
  // Per endpoint: a start or an end recorded by this write (VariantRollout's metricRolloutsStarted, ...).
  const counts = rolloutCountMetrics(before, report.record);
  if (counts.length > 0) log.metrics(counts.map((d) => ({ name: d.name, value: d.value, unit: d.unit })), counts[0].dimensions);
}
