/**
 * A zone or area of the data lake.
 *
 * The three data zones (raw, curated, features) each get their own bucket, because they have different writers,
 * readers and retention. The three model-monitoring areas (data capture, predictions, ground truth) share one
 * `monitoring` bucket under separate prefixes: the drift and quality monitors always read them together, and grants
 * are still scoped to one area by prefix.
 */
export class LakeZone {
  /** Data as it arrived from sources; append-only. */
  public static readonly RAW = new LakeZone('raw', 'raw', '');
  /** Cleaned, typed, deduplicated, partitioned Parquet: what analysts and training read. */
  public static readonly CURATED = new LakeZone('curated', 'curated', '');
  /** Feature sets derived from curated data. */
  public static readonly FEATURES = new LakeZone('features', 'features', '');
  /** SageMaker Data Capture of endpoint requests and responses (JSONL). */
  public static readonly DATA_CAPTURE = new LakeZone('data_capture', 'monitoring', 'data-capture/');
  /** Batch and online predictions kept for prediction-drift and quality checks. */
  public static readonly PREDICTIONS = new LakeZone('predictions', 'monitoring', 'predictions/');
  /** Ground-truth labels joined with predictions to measure model quality. */
  public static readonly GROUND_TRUTH = new LakeZone('ground_truth', 'monitoring', 'ground-truth/');

  /** Every zone and area, in a stable order. */
  public static all(): LakeZone[] {
    return [LakeZone.RAW, LakeZone.CURATED, LakeZone.FEATURES, LakeZone.DATA_CAPTURE, LakeZone.PREDICTIONS, LakeZone.GROUND_TRUTH];
  }

  /**
   * @param name catalog-safe name of the zone (lowercase, underscores), used in database names
   * @param bucketKey which lake bucket holds the zone
   * @param prefix key prefix of the zone inside its bucket ('' for a whole bucket), ending with '/'
   */
  private constructor(
    public readonly name: string,
    public readonly bucketKey: string,
    public readonly prefix: string,
  ) {}

  /** The zone's name. */
  public toString(): string {
    return this.name;
  }
}
