/** "N of M windows" over an alarm's state transitions (pure). */

/** A recorded alarm state change. */
export interface AlarmTransition {
  /** Epoch milliseconds of the change. */
  readonly at: number;
  /** The new state: ALARM, OK or INSUFFICIENT_DATA. */
  readonly state: string;
}

/**
 * Counts, among the last `m` windows (start, end] of `windowMs` ending at `now`, those during which the alarm was in ALARM at
 * any moment. Windows that start before `since` are not counted (evidence restarts after each run), so at most
 * the windows wholly after `since` count. A flapping alarm (ALARM, OK, ALARM inside one window) counts once per
 * window, not once per flap. The state before the first transition is taken as not ALARM.
 */
export function alarmWindows(transitions: readonly AlarmTransition[], now: number, windowMs: number, m: number, since = -Infinity): number {
  const sorted = [...transitions].filter((t) => t.at <= now).sort((a, b) => a.at - b.at);
  let count = 0;
  for (let k = 0; k < m; k++) {
    const end = now - k * windowMs;
    const start = end - windowMs;
    if (start < since) break;
    if (inAlarmDuring(sorted, start, end)) count++;
  }
  return count;
}

function inAlarmDuring(sorted: readonly AlarmTransition[], start: number, end: number): boolean {
  let stateAtStart = 'OK';
  for (const t of sorted) {
    if (t.at <= start) stateAtStart = t.state;
    else if (t.at <= end && t.state === 'ALARM') return true;
  }
  return stateAtStart === 'ALARM';
}
