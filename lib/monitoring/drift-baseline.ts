import * as s3 from 'aws-cdk-lib/aws-s3';
import { DriftFeatures } from './drift-features';

/** Where a drift monitor finds its baseline: Model Monitor's statistics.json and (optionally) constraints.json. */
export class DriftBaseline {
  /**
   * Files you provide (e.g. from a former Model Monitor baselining job, or from this library's baseline job run
   * elsewhere). Without constraints.json, Model Monitor's default monitoring_config applies.
   */
  public static fromBucket(bucket: s3.IBucket, statisticsKey: string, constraintsKey?: string): DriftBaseline {
    return new DriftBaseline(bucket, statisticsKey, constraintsKey);
  }

  /**
   * The files the library's baseline job writes (see BaselineJob). A monitor checks at synth that the job
   * describes every feature it compares.
   */
  public static fromBaselineJob(job: IBaselineSource): DriftBaseline {
    return new DriftBaseline(job.outputBucket, job.statisticsKey, job.constraintsKey, job.describedFeatures);
  }

  private constructor(
    /** Bucket of the files. */
    public readonly bucket: s3.IBucket,
    /** Key of statistics.json. */
    public readonly statisticsKey: string,
    /** Key of constraints.json, when there is one. */
    public readonly constraintsKey?: string,
    /** The features statistics.json describes, when known at synth (a baseline job's); unknown for files you provide. */
    public readonly describedFeatures?: DriftFeatures,
  ) {}

  /** `s3://` URI of statistics.json. */
  public get statisticsUri(): string {
    return `s3://${this.bucket.bucketName}/${this.statisticsKey}`;
  }

  /** `s3://` URI of constraints.json, when there is one. */
  public get constraintsUri(): string | undefined {
    return this.constraintsKey === undefined ? undefined : `s3://${this.bucket.bucketName}/${this.constraintsKey}`;
  }
}

/** Something that writes a baseline's files (the library's BaselineJob). */
export interface IBaselineSource {
  /** Bucket the files are written to. */
  readonly outputBucket: s3.IBucket;
  /** Key of statistics.json. */
  readonly statisticsKey: string;
  /** Key of constraints.json. */
  readonly constraintsKey: string;
  /**
   * The features statistics.json describes (a monitor refuses to compare a feature the baseline does not describe:
   * the comparison reads the baseline's features, so that one would never be compared).
   * @default - unknown: not checked at synth
   */
  readonly describedFeatures?: DriftFeatures;
}
