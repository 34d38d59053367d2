import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { MONITORED_DIMENSION_ENV, MONITORED_DIMENSIONS, MonitoredDimension } from '../../../contracts/model-monitor';
import { IModelEndpoint } from '../../serving/endpoint-base';
import { ModelEndpoint } from '../../serving/endpoint';
import type { IInferenceComponent } from '../../serving/inference-component-base';
import { InferenceComponentEndpoint } from '../../serving/inference-component-endpoint';
import { InferenceComponentEndpointBase } from '../../serving/inference-component-endpoint-base';
import { MonitoredCapture } from '../monitored-capture';

/** The capture location given, else the one of a `ModelEndpoint` with data capture; throws when neither is known. */
export function resolveCapture(owner: string, endpoint: IModelEndpoint, given?: MonitoredCapture): { bucket: s3.IBucket; prefix: string } {
  if (given) return { bucket: given.bucket, prefix: (given.prefix ?? 'datacapture').replace(/^\/+|\/+$/g, '') };
  if ((endpoint instanceof ModelEndpoint || endpoint instanceof InferenceComponentEndpoint) && endpoint.dataCaptureLocation) {
    return { bucket: endpoint.dataCaptureLocation.bucket, prefix: endpoint.dataCaptureLocation.prefix };
  }
  throw new Error(`${owner}: dataCapture is not set and the endpoint has no data capture this library knows of; turn on the endpoint's dataCapture or pass dataCapture: { bucket, prefix }.`);
}

/**
 * Read access to one endpoint's Data Capture files: SageMaker writes them under `<prefix>/<endpoint>/<variant>/<hour>/`
 * (a component's under `<prefix>/<endpoint>/<component>/<hour>/`).
 */
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

/** What a monitor measures: capture folders (variants or inference components), each named in one dimension. */
export interface MonitorTargets {
  /** The folders' names, which are the dimension's values. */
  readonly names: string[];
  readonly dimension: MonitoredDimension;
  /** How messages and alarm descriptions call one target. */
  readonly kind: 'variant' | 'inference component';
  /** What the handler's environment needs beyond the names (nothing for variants, the default). */
  readonly environment: Record<string, string>;
}

/**
 * The variants given, else the inference components given, else the endpoint's variants. An endpoint that hosts
 * inference components captures per component: it needs its components named.
 */
export function resolveTargets(owner: string, endpoint: IModelEndpoint, variantNames?: string[], components?: IInferenceComponent[]): MonitorTargets {
  if (variantNames !== undefined && components !== undefined) {
    throw new Error(`${owner}: variantNames and inferenceComponents are both set; a monitor measures variants or inference components. Keep one.`);
  }
  if (components === undefined) {
    if (endpoint instanceof InferenceComponentEndpointBase) {
      throw new Error(`${owner}: the endpoint hosts inference components, whose captures are per component; pass inferenceComponents (e.g. [ranker]) instead of variants.`);
    }
    return { names: resolveVariants(owner, endpoint, variantNames), dimension: MONITORED_DIMENSIONS.variant, kind: 'variant', environment: {} };
  }
  if (components.length === 0) throw new Error(`${owner}: inferenceComponents is empty; name at least one component of the endpoint.`);
  for (const c of components) {
    if (c.endpoint !== endpoint && c.endpoint.endpointName !== endpoint.endpointName) {
      throw new Error(`${owner}: inferenceComponents has '${c.node.path}', which is hosted by another endpoint (${c.endpoint.node.path}); ` +
        'monitor each endpoint\'s components with its own monitor.');
    }
  }
  return {
    names: components.map((c) => c.inferenceComponentName),
    dimension: MONITORED_DIMENSIONS.inferenceComponent,
    kind: 'inference component',
    environment: { [MONITORED_DIMENSION_ENV]: MONITORED_DIMENSIONS.inferenceComponent },
  };
}
