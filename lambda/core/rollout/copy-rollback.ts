/**
 * Rolling a copy canary back (pure): when every stable copy is still there (a SURGE canary before its last step),
 * the candidate's copies are removed and nothing is re-provisioned; otherwise the missing stable copies are started
 * again first, in batches, and the candidate keeps answering until they serve (a component is never left without
 * copies), then its copies are removed.
 */
export type CopyRollback =
  /** Stable copies all InService: set the candidate to 0 copies; the stable fleet answers at once. */
  | { readonly kind: 'REMOVE_CANDIDATE'; readonly stableCopies: number; readonly reason: string }
  /**
   * Stable copies missing: ask for `batches` of stable copies in turn (their sum is what is missing), keep the
   * candidate until they serve, then remove it.
   */
  | { readonly kind: 'RESTORE_STABLE'; readonly stableCopies: number; readonly missing: number; readonly batches: readonly number[]; readonly reason: string };

/**
 * What a rollback does with `originalStable` copies before the rollout and `liveStable` InService now.
 * `rollbackBatch` is how many copies are started at once (SageMaker's RollbackMaximumBatchSize; default all).
 */
export function copyRollback(originalStable: number, liveStable: number, rollbackBatch = Infinity): CopyRollback {
  if (!Number.isInteger(originalStable) || originalStable < 1) throw new Error(`the stable fleet has whole copies >= 1, got ${originalStable}`);
  if (!(rollbackBatch >= 1)) throw new Error(`a rollback batch is at least 1 copy, got ${rollbackBatch}`);
  if (liveStable >= originalStable) {
    return { kind: 'REMOVE_CANDIDATE', stableCopies: originalStable,
      reason: `all ${originalStable} stable copies still serve: removing the candidate's copies, nothing to re-provision` };
  }
  const missing = originalStable - Math.max(0, liveStable);
  const batches: number[] = [];
  for (let left = missing; left > 0; left -= Math.min(left, rollbackBatch)) batches.push(Math.min(left, rollbackBatch));
  return { kind: 'RESTORE_STABLE', stableCopies: originalStable, missing, batches,
    reason: `${liveStable} of ${originalStable} stable copies serve: starting ${missing} again in ${batches.length} batch(es) ` +
      'while the candidate keeps answering, then removing the candidate' };
}
