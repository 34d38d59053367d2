import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { MONITORED_DIMENSION_ENV, MONITORED_DIMENSIONS, MonitoredDimension } from '../../../contracts/model-monitor';
import { closest, requireNested } from '../../private/validation/checks';
import { invalidProp } from '../../private/validation/fail';
import { checkS3Prefix } from '../../private/validation/s3-prefixes';
import { IModelEndpoint } from '../../serving/endpoint-base';
import { ModelEndpoint } from '../../serving/endpoint';
import type { IInferenceComponent } from '../../serving/inference-component-base';
import { InferenceComponentEndpoint } from '../../serving/inference-component-endpoint';
import { InferenceComponentEndpointBase } from '../../serving/inference-component-endpoint-base';
import { MonitoredCapture } from '../monitored-capture';

/** The capture location given, else the one of a `ModelEndpoint` with data capture; throws when neither is known. */
export function resolveCapture(owner: string, endpoint: IModelEndpoint, given?: MonitoredCapture): { bucket: s3.IBucket; prefix: string } {
  if (given) {
    requireNested(owner, 'dataCapture', given, ['bucket']);
    checkS3Prefix(owner, 'dataCapture.prefix', given.prefix, 'no-slash', 'datacapture');
    return { bucket: given.bucket, prefix: given.prefix ?? 'datacapture' };
  }
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

/** Which of an endpoint's variants a construct may name. */
export enum VariantKinds {
  /** Production variants only (they get traffic weights). */
  PRODUCTION = 'production',
  /** Production variants and the shadow variant (both are captured and have metrics). */
  PRODUCTION_OR_SHADOW = 'production or shadow',
}

/** The endpoint's variants of a kind, as far as they are known (empty for an imported endpoint without names). */
export function knownVariants(endpoint: IModelEndpoint, kinds: VariantKinds): string[] {
  const shadow = kinds === VariantKinds.PRODUCTION_OR_SHADOW && endpoint instanceof ModelEndpoint ? endpoint.shadowVariantName : undefined;
  return [...endpoint.variantNames, ...(shadow ? [shadow] : [])];
}

/**
 * The variants given (each once, each a variant of the endpoint when its variants are known), else the endpoint's
 * production variants; throws when none are known. A name the endpoint does not have would be monitored or
 * reweighted in vain: its metrics and capture files never exist.
 */
export function resolveVariants(owner: string, endpoint: IModelEndpoint, given?: string[], kinds = VariantKinds.PRODUCTION_OR_SHADOW,
  prop = 'variantNames'): string[] {
  if (given !== undefined) checkVariantNames(owner, prop, given, endpoint, kinds);
  const names = given ?? endpoint.variantNames;
  if (names.length === 0) {
    throw new Error(`${owner}: ${prop} is empty and the endpoint's variants are unknown (an imported endpoint); pass ${prop}.`);
  }
  return names;
}

/** Each name once, and each one of the endpoint's variants of `kinds` (when they are known). */
export function checkVariantNames(owner: string, prop: string, names: readonly string[], endpoint: IModelEndpoint, kinds: VariantKinds): void {
  const seen = new Set<string>();
  for (const [i, name] of names.entries()) {
    if (seen.has(name)) invalidProp(owner, `${prop}[${i}]`, name, `It is listed twice; name each variant once.`);
    seen.add(name);
    checkVariantName(owner, `${prop}[${i}]`, name, endpoint, kinds);
  }
}

/** One of the endpoint's variants of `kinds`, when the endpoint's variants are known. */
export function checkVariantName(owner: string, prop: string, name: string, endpoint: IModelEndpoint, kinds: VariantKinds): void {
  const known = knownVariants(endpoint, kinds);
  if (known.length === 0 || known.includes(name)) return;
  const near = closest(name, known);
  invalidProp(owner, prop, name, `The endpoint has no such ${kinds} variant; its ${kinds} variants are ${known.map((v) => `'${v}'`).join(', ')}` +
    `${near.length ? ` (did you mean ${near.map((n) => `'${n}'`).join(' or ')}?)` : ''}.`);
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
    invalidProp(owner, 'inferenceComponents', components, 'variantNames is set too; a monitor measures variants or inference components: keep one.');
  }
  if (components === undefined) {
    if (endpoint instanceof InferenceComponentEndpointBase) {
      invalidProp(owner, 'inferenceComponents', components, 'The endpoint hosts inference components, whose captures are per component; ' +
        'pass inferenceComponents (e.g. [ranker]) instead of variants.');
    }
    return { names: resolveVariants(owner, endpoint, variantNames), dimension: MONITORED_DIMENSIONS.variant, kind: 'variant', environment: {} };
  }
  if (components.length === 0) invalidProp(owner, 'inferenceComponents', components, 'Name at least one component of the endpoint.');
  const seen = new Set<string>();
  for (const [i, c] of components.entries()) {
    if (c.endpoint !== endpoint && c.endpoint.endpointName !== endpoint.endpointName) {
      invalidProp(owner, `inferenceComponents[${i}]`, c.node.path, `It is hosted by another endpoint (${c.endpoint.node.path}); ` +
        'monitor each endpoint\'s components with its own monitor.');
    }
    if (seen.has(c.inferenceComponentName)) invalidProp(owner, `inferenceComponents[${i}]`, c.node.path, 'It is listed twice; name each component once.');
    seen.add(c.inferenceComponentName);
  }
  return {
    names: components.map((c) => c.inferenceComponentName),
    dimension: MONITORED_DIMENSIONS.inferenceComponent,
    kind: 'inference component',
    environment: { [MONITORED_DIMENSION_ENV]: MONITORED_DIMENSIONS.inferenceComponent },
  };
}
