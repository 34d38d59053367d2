/**
 * Which objects of a prefix a scheduled monitor reads next, and the checkpoint after reading them. Pure: no I/O.
 * Used by the drift, quality and pipeline monitors alike (one checkpoint per source prefix).
 */
import type { PrefixCheckpoint } from '../../../contracts/monitoring-jobs';

export interface ListedObject {
  readonly key: string;
  readonly lastModifiedMs: number;
  readonly size: number;
}

export const EMPTY_PREFIX_CHECKPOINT: PrefixCheckpoint = { lastModifiedMs: 0, keysAtLastModified: [] };

/**
 * The objects not read yet, oldest first, at most `maxObjects` of them (the rest waits for the next run), and the
 * checkpoint once they are read. Objects modified at or after `settleBeforeMs` are left for the next run, so a
 * file still being written to the same millisecond as a read one is not split between runs.
 */
export function nextObjects(
  listed: readonly ListedObject[],
  checkpoint: PrefixCheckpoint,
  settleBeforeMs: number,
  maxObjects = Number.POSITIVE_INFINITY,
): { objects: ListedObject[]; checkpoint: PrefixCheckpoint } {
  const seen = new Set(checkpoint.keysAtLastModified);
  const fresh = listed
    .filter((o) => o.lastModifiedMs < settleBeforeMs)
    .filter((o) => o.lastModifiedMs > checkpoint.lastModifiedMs || (o.lastModifiedMs === checkpoint.lastModifiedMs && !seen.has(o.key)))
    .sort((a, b) => a.lastModifiedMs - b.lastModifiedMs || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  let objects = fresh.slice(0, Math.min(fresh.length, maxObjects));
  // Never stop inside a millisecond: the checkpoint could not say which of its files were read.
  if (objects.length < fresh.length && objects.length > 0) {
    const cut = objects[objects.length - 1].lastModifiedMs;
    const whole = fresh.filter((o) => o.lastModifiedMs <= cut);
    objects = whole.length > objects.length && objects.some((o) => o.lastModifiedMs < cut)
      ? objects.filter((o) => o.lastModifiedMs < cut) : whole;
  }
  if (objects.length === 0) return { objects, checkpoint };
  const last = objects[objects.length - 1].lastModifiedMs;
  const keysAtLast = objects.filter((o) => o.lastModifiedMs === last).map((o) => o.key);
  return {
    objects,
    checkpoint: {
      lastModifiedMs: last,
      keysAtLastModified: last === checkpoint.lastModifiedMs ? [...checkpoint.keysAtLastModified, ...keysAtLast] : keysAtLast,
    },
  };
}
