import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';

/** Which side of each invocation is captured. */
export class CaptureMode {
  /** Requests only. */
  public static readonly INPUT = new CaptureMode(['Input']);
  /** Responses only. */
  public static readonly OUTPUT = new CaptureMode(['Output']);
  /** Requests and responses (needed for prediction drift and model quality). */
  public static readonly INPUT_AND_OUTPUT = new CaptureMode(['Input', 'Output']);

  private constructor(
    /** SageMaker's `CaptureOptions` modes this stands for (`Input`, `Output`). */
    public readonly modes: string[],
  ) {}
}

/**
 * Data capture: SageMaker writes sampled requests and responses as JSON Lines to S3
 * (`<prefix>/<endpoint>/<variant>/yyyy/mm/dd/hh/*.jsonl`), the input of drift and quality monitoring.
 */
export interface DataCaptureOptions {
  /** Bucket the captures are written to. */
  readonly bucket: s3.IBucket;
  /**
   * Key prefix of the captures, without leading or trailing '/'.
   * @default 'datacapture'
   */
  readonly prefix?: string;
  /**
   * Percentage of invocations captured, 0–100.
   * @default 100
   */
  readonly samplingPercentage?: number;
  /**
   * What to capture.
   * @default CaptureMode.INPUT_AND_OUTPUT
   */
  readonly captureMode?: CaptureMode;
  /**
   * KMS key SageMaker encrypts the captures with.
   * @default - the bucket's KMS key when it has one, otherwise the bucket's default encryption
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Content types captured as CSV text (readable in the JSONL instead of base64).
   * @default ['text/csv']
   */
  readonly csvContentTypes?: string[];
  /**
   * Content types captured as JSON text.
   * @default ['application/json']
   */
  readonly jsonContentTypes?: string[];
}
