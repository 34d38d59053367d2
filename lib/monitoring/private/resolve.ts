import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IModelEndpoint } from '../../serving/endpoint-base';
import { ModelEndpoint } from '../../serving/endpoint';
import { MonitoredCapture } from '../monitored-capture';

/** The capture location given, else the one of a `ModelEndpoint` with data capture; throws when neither is known. */
export function resolveCapture(owner: string, endpoint: IModelEndpoint, given?: MonitoredCapture): { bucket: s3.IBucket; prefix: string } {
  if (given) return { bucket: given.bucket, prefix: (given.prefix ?? 'datacapture').replace(/^\/+|\/+$/g, '') };
  if (endpoint instanceof ModelEndpoint && endpoint.dataCaptureLocation) {
    return { bucket: endpoint.dataCaptureLocation.bucket, prefix: endpoint.dataCaptureLocation.prefix };
  }
  throw new Error(`${owner}: dataCapture is not set and the endpoint has no data capture this library knows of; turn on ModelEndpoint's dataCapture or pass dataCapture: { bucket, prefix }.`);
}

/** Read access to one endpoint's Data Capture files: SageMaker writes them under `<prefix>/<endpoint>/<variant>/<hour>/`. */
export function grantCaptureFilesRead(grantee: iam.IGrantable, capture: { bucket: s3.IBucket; prefix: string }, endpointName: string): iam.Grant {
  return capture.bucket.grantRead(grantee, `${capture.prefix ? `${capture.prefix}/` : ''}${endpointName}/*`);
}

/** The variants given, else the endpoint's; throws when none are known. */
export function resolveVariants(owner: string, endpoint: IModelEndpoint, given?: string[]): string[] {
  const names = given ?? endpoint.variantNames;
  if (names.length === 0) {
    throw new Error(`${owner}: variantNames is empty and the endpoint's variants are unknown (an imported endpoint); pass variantNames.`);
  }
  return names;
}
