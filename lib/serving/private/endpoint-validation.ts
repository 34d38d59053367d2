import { SizeRoundingBehavior, Token } from 'aws-cdk-lib';
import { DataCaptureOptions } from '../data-capture';
import { limit } from '../../private/validation/limits';
import { ProductionVariantProps, ShadowVariantProps, VariantOptions } from '../variant';

/** SageMaker's limits that shape validation, from AWS's API model (contracts/aws-limits.generated.ts). */
export const MAX_PRODUCTION_VARIANTS = limit('sagemaker.ProductionVariantList').max as number;
export const VARIANT_NAME_PATTERN = new RegExp(`^(?:${limit('sagemaker.VariantName').pattern})$`);
export const ENDPOINT_NAME_PATTERN = new RegExp(`^(?:${limit('sagemaker.EndpointName').pattern})$`);
const SERVERLESS_MEMORY_MB = limit('sagemaker.ServerlessMemorySizeInMB').values as number[];
const MAX_SERVERLESS_CONCURRENCY = limit('sagemaker.ServerlessMaxConcurrency').max as number;

const known = (v: number | undefined): v is number => v !== undefined && !Token.isUnresolved(v);

/** Throws an error naming the prop, the bad value and the fix. */
function fail(prop: string, message: string): never {
  throw new Error(`ModelEndpoint: ${prop} ${message}`);
}

export function validateEndpointName(name: string | undefined): void {
  if (name !== undefined && !Token.isUnresolved(name) && !ENDPOINT_NAME_PATTERN.test(name)) {
    fail('endpointName', `'${name}' is not a valid SageMaker endpoint name; use 1-63 letters, digits and single hyphens, starting and ending with a letter or digit.`);
  }
}

export function validateVariants(variants: ProductionVariantProps[], shadow: ShadowVariantProps | undefined): void {
  if (variants.length === 0) {
    fail('variants', 'is empty; give at least one production variant.');
  }
  if (variants.length > MAX_PRODUCTION_VARIANTS) {
    fail('variants', `has ${variants.length} production variants; SageMaker allows at most ${MAX_PRODUCTION_VARIANTS} per endpoint. Split them across endpoints.`);
  }
  if (shadow && variants.length !== 1) {
    fail('shadowVariant', `'${shadow.variantName}' is set beside ${variants.length} production variants; SageMaker allows a shadow variant only with exactly one production variant. Remove the other production variants or the shadow variant.`);
  }
  const seen = new Set<string>();
  const all: Array<[string, VariantOptions]> = [
    ...variants.map((v, i) => [`variants[${i}]`, v] as [string, VariantOptions]),
    ...(shadow ? [['shadowVariant', shadow] as [string, VariantOptions]] : []),
  ];
  for (const [where, v] of all) {
    validateVariantName(where, v.variantName);
    if (!Token.isUnresolved(v.variantName)) {
      const key = v.variantName.toLowerCase();
      if (seen.has(key)) {
        fail(`${where}.variantName`, `'${v.variantName}' is used by more than one variant (SageMaker compares names case-insensitively); give each variant a distinct name.`);
      }
      seen.add(key);
    }
    validateCapacity(where, v);
  }

  variants.forEach((v, i) => {
    if (known(v.initialWeight) && (v.initialWeight < 0 || !Number.isFinite(v.initialWeight))) {
      fail(`variants[${i}].initialWeight`, `is ${v.initialWeight}; weights must be 0 or more (a variant's share is its weight over the sum of weights).`);
    }
    validateAutoScaling(`variants[${i}]`, v);
  });
  const weights = variants.map((v) => v.initialWeight ?? 1);
  if (weights.every(known) && weights.reduce((a, b) => a + b, 0) === 0) {
    fail('variants[*].initialWeight', 'are all 0, so no variant would answer requests; give at least one variant a weight above 0.');
  }
  if (shadow && known(shadow.samplingPercentage) && (shadow.samplingPercentage <= 0 || shadow.samplingPercentage > 100)) {
    fail('shadowVariant.samplingPercentage', `is ${shadow.samplingPercentage}; use a percentage above 0 and at most 100 of production requests to copy to the shadow.`);
  }
  if (shadow && known(variants[0].initialWeight) && variants[0].initialWeight === 0) {
    fail('variants[0].initialWeight', 'is 0 beside a shadow variant; the shadow copies a share of the production variant\'s traffic, so give it a weight above 0.');
  }
}

function validateVariantName(where: string, name: string): void {
  if (!Token.isUnresolved(name) && !VARIANT_NAME_PATTERN.test(name)) {
    fail(`${where}.variantName`, `'${name}' is not a valid SageMaker variant name; use 1-63 letters, digits and single hyphens, starting and ending with a letter or digit (e.g. 'blue', 'model-v2').`);
  }
}

function validateCapacity(where: string, v: VariantOptions): void {
  if (v.serverless) {
    if (v.instanceType) {
      fail(`${where}.instanceType`, `is '${v.instanceType}' on a serverless variant; remove instanceType or serverless (a variant is either instance-based or serverless).`);
    }
    if (v.initialInstanceCount !== undefined) {
      fail(`${where}.initialInstanceCount`, 'is set on a serverless variant; remove it (serverless capacity is maxConcurrency).');
    }
    const mem = v.serverless.memorySize;
    if (!mem.isUnresolved()) {
      const mb = mem.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
      if (!SERVERLESS_MEMORY_MB.includes(mb)) {
        fail(`${where}.serverless.memorySize`, `is ${mb} MiB; SageMaker serverless allows ${SERVERLESS_MEMORY_MB.join(', ')} MiB (Size.gibibytes(1) to Size.gibibytes(6)).`);
      }
    }
    const c = v.serverless.maxConcurrency;
    if (known(c) && (!Number.isInteger(c) || c < 1 || c > MAX_SERVERLESS_CONCURRENCY)) {
      fail(`${where}.serverless.maxConcurrency`, `is ${c}; use a whole number from 1 to ${MAX_SERVERLESS_CONCURRENCY}.`);
    }
    const p = v.serverless.provisionedConcurrency;
    if (known(p) && known(c) && (!Number.isInteger(p) || p < 1 || p > c)) {
      fail(`${where}.serverless.provisionedConcurrency`, `is ${p}; use a whole number from 1 to maxConcurrency (${c}).`);
    }
    return;
  }
  const n = v.initialInstanceCount;
  if (known(n) && (!Number.isInteger(n) || n < 1)) {
    fail(`${where}.initialInstanceCount`, `is ${n}; use a whole number of instances, at least 1.`);
  }
}

function validateAutoScaling(where: string, v: ProductionVariantProps): void {
  const a = v.autoScaling;
  if (!a) return;
  if (v.serverless) {
    fail(`${where}.autoScaling`, 'is set on a serverless variant; serverless variants scale by themselves up to serverless.maxConcurrency. Remove autoScaling.');
  }
  if (known(a.minCapacity) && (!Number.isInteger(a.minCapacity) || a.minCapacity < 1)) {
    fail(`${where}.autoScaling.minCapacity`, `is ${a.minCapacity}; a real-time variant needs at least 1 instance.`);
  }
  if (known(a.minCapacity) && known(a.maxCapacity) && a.minCapacity > a.maxCapacity) {
    fail(`${where}.autoScaling`, `has minCapacity ${a.minCapacity} above maxCapacity ${a.maxCapacity}; make maxCapacity at least minCapacity.`);
  }
  if (known(a.targetInvocationsPerInstance) && !(a.targetInvocationsPerInstance > 0)) {
    fail(`${where}.autoScaling.targetInvocationsPerInstance`, `is ${a.targetInvocationsPerInstance}; use a positive number of invocations per instance per minute.`);
  }
  const n = v.initialInstanceCount ?? 1;
  if (known(n) && known(a.minCapacity) && known(a.maxCapacity) && (n < a.minCapacity || n > a.maxCapacity)) {
    fail(`${where}.initialInstanceCount`, `is ${n}, outside autoScaling's ${a.minCapacity}–${a.maxCapacity}; start within the autoscaling range.`);
  }
}

export function validateDataCapture(dc: DataCaptureOptions | undefined): void {
  if (!dc) return;
  const s = dc.samplingPercentage;
  if (known(s) && (s < 0 || s > 100 || !Number.isInteger(s))) {
    fail('dataCapture.samplingPercentage', `is ${s}; use a whole percentage from 0 to 100.`);
  }
  if (dc.prefix !== undefined && !Token.isUnresolved(dc.prefix) && (dc.prefix.startsWith('/') || dc.prefix.endsWith('/') || dc.prefix.length === 0)) {
    fail('dataCapture.prefix', `'${dc.prefix}' must be a non-empty key prefix without leading or trailing '/', e.g. 'datacapture'.`);
  }
  // Content types, their number and the sampling percentage: validate-capture.ts, from AWS's limits table.
}
