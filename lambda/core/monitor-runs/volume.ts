/**
 * A pipeline stage's volume per window and its rate of change against the previous windows. Pure: no I/O.
 * The rate of change is this window's volume over the mean of the previous `history` windows (1 = as usual,
 * 0 = nothing arrived, 3 = three times the usual); undefined until there is a previous window with volume.
 */
export interface StageVolume {
  readonly objects: number;
  readonly bytes: number;
}

export interface VolumeVerdict {
  readonly rateOfChange?: number;
  /** Volumes of the windows kept for the next run (newest last). */
  readonly history: StageVolume[];
}

export function volumeVerdict(current: StageVolume, previous: readonly StageVolume[], keep = 12): VolumeVerdict {
  const usual = previous.length > 0 ? previous.reduce((s, v) => s + v.bytes, 0) / previous.length : 0;
  const history = [...previous, current].slice(-keep);
  return { ...(usual > 0 ? { rateOfChange: current.bytes / usual } : {}), history };
}
