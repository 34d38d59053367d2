import * as s3 from 'aws-cdk-lib/aws-s3';

/** Where an endpoint's Data Capture files are, for a monitor that reads them. */
export interface MonitoredCapture {
  /** The bucket Data Capture writes to. */
  readonly bucket: s3.IBucket;
  /**
   * Key prefix of the captures (`DataCaptureOptions.prefix`), without leading or trailing '/'.
   * @default 'datacapture'
   */
  readonly prefix?: string;
}
