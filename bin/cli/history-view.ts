/** The table of `cdk-mlops rollout history <endpoint>` (pure): one line per rollout, newest first. */
import { isTerminal, RolloutHistoryRow } from '../../lambda/core/rollout';

const COLUMNS = ['STARTED (UTC)', 'ROLLOUT', 'STRATEGY', 'CANDIDATE', 'OUTCOME', 'DURATION', 'REASON'] as const;
/** Reasons are long (alarm names, weights); the table keeps their start, --json has them whole. */
const REASON_CHARS = 80;

export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined) return '-';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

function cells(r: RolloutHistoryRow, now: number): string[] {
  const active = !isTerminal(r.outcome);
  const reason = (r.reason ?? '').replace(/\s+/g, ' ');
  return [
    new Date(r.startedAt * 1000).toISOString().slice(0, 19).replace('T', ' '),
    r.rolloutId,
    r.strategy,
    r.candidateModel ? `${r.candidateVariant} (${r.candidateModel})` : r.candidateVariant,
    active ? `${r.outcome} (active)` : `${r.outcome}${r.cause ? ` ${r.cause}` : ''}`,
    formatDuration(active ? now - r.startedAt : r.durationSeconds),
    reason.length > REASON_CHARS ? `${reason.slice(0, REASON_CHARS - 1)}…` : reason,
  ];
}

/** Rows newest first (as read); `now` in epoch seconds (an active rollout's duration so far). */
export function formatHistory(endpointName: string, rows: readonly RolloutHistoryRow[], now: number): string {
  if (rows.length === 0) return `no rollouts recorded for ${endpointName}\n`;
  const table = [[...COLUMNS], ...rows.map((r) => cells(r, now))];
  const widths = COLUMNS.map((_, i) => Math.max(...table.map((row) => row[i].length)));
  return table.map((row) => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd())
    .join('\n') + '\n';
}
