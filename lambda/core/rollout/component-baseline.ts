/**
 * The statistical gate of a component's rolling update (pure): old and new copies share the component's name and
 * metrics, so the component is compared with its own past: the complete minutes of `baselineSeconds` before the
 * update was first seen (stable) against the minutes since (candidate: old and new copies together, so a bad batch
 * is diluted by the old copies, as the component's alarms see it). The same sequential gate then judges them.
 */
import type { VariantComparison } from './signals';
import { METRIC_SETTLE_SECONDS, MinuteDatapoint, variantComparison } from './variant-comparison';

export function componentBaselineComparison(minutes: readonly MinuteDatapoint[], updateSeenAt: number, baselineSeconds: number,
  now: number): VariantComparison {
  // Minutes wholly before the update's minute; the update's minute counts as "since" (never both).
  const before = variantComparison({ stable: minutes, candidate: [] }, updateSeenAt - baselineSeconds, updateSeenAt + METRIC_SETTLE_SECONDS);
  const since = variantComparison({ stable: [], candidate: minutes }, updateSeenAt, now);
  return { stable: before.stable, candidate: since.candidate };
}

/** The window to read for it: from the baseline's first minute to the newest complete minute. */
export function componentBaselineWindow(updateSeenAt: number, baselineSeconds: number, now: number): { start: number; end: number } {
  return { start: Math.floor((updateSeenAt - baselineSeconds) / 60) * 60, end: Math.floor((now - METRIC_SETTLE_SECONDS) / 60) * 60 };
}
