import { Token } from 'aws-cdk-lib';
import { hasInstanceStorage } from './private/validate-endpoint';

/**
 * A SageMaker hosting instance type (`ml.*`). Use a constant, or `InstanceType.of('ml.m5.large')` for any other.
 */
export class InstanceType {
  /** `ml.t2.medium`: 2 vCPU, 4 GiB burstable general purpose: demos and very light traffic. */
  public static readonly ML_T2_MEDIUM = new InstanceType('ml.t2.medium');
  /** `ml.m5.large`: 2 vCPU, 8 GiB general purpose. */
  public static readonly ML_M5_LARGE = new InstanceType('ml.m5.large');
  /** `ml.m5.xlarge`: 4 vCPU, 16 GiB general purpose. */
  public static readonly ML_M5_XLARGE = new InstanceType('ml.m5.xlarge');
  /** `ml.c5.large`: 2 vCPU, 4 GiB compute optimized. */
  public static readonly ML_C5_LARGE = new InstanceType('ml.c5.large');
  /** `ml.c5.xlarge`: 4 vCPU, 8 GiB compute optimized. */
  public static readonly ML_C5_XLARGE = new InstanceType('ml.c5.xlarge');
  /** `ml.c6i.large`: 2 vCPU, 4 GiB compute optimized (Intel Ice Lake). */
  public static readonly ML_C6I_LARGE = new InstanceType('ml.c6i.large');
  /** `ml.m6i.large`: 2 vCPU, 8 GiB general purpose (Intel Ice Lake). */
  public static readonly ML_M6I_LARGE = new InstanceType('ml.m6i.large');
  /** `ml.g4dn.xlarge`: 4 vCPU, 16 GiB, one NVIDIA T4 GPU; has local NVMe storage (no storage KMS key). */
  public static readonly ML_G4DN_XLARGE = new InstanceType('ml.g4dn.xlarge');
  /** `ml.g5.xlarge`: 4 vCPU, 16 GiB, one NVIDIA A10G GPU; has local NVMe storage (no storage KMS key). */
  public static readonly ML_G5_XLARGE = new InstanceType('ml.g5.xlarge');
  /** `ml.inf2.xlarge`: 4 vCPU, 16 GiB, one AWS Inferentia2 chip. */
  public static readonly ML_INF2_XLARGE = new InstanceType('ml.inf2.xlarge');

  /** Any SageMaker hosting instance type, for example `ml.r5.2xlarge`. */
  public static of(name: string): InstanceType {
    return new InstanceType(name);
  }

  private constructor(private readonly name: string) {
    if (!Token.isUnresolved(name) && !/^ml\.[a-z0-9-]+\.[a-z0-9]+$/.test(name)) {
      throw new Error(`InstanceType: '${name}' is not a SageMaker hosting instance type; use the form 'ml.<family>.<size>', e.g. 'ml.m5.large'.`);
    }
  }

  /**
   * Whether the instance has local NVMe instance storage. SageMaker rejects a `KmsKeyId` on endpoint configs
   * that use such instances (their storage is encrypted by the hardware instead).
   */
  public get hasInstanceStorage(): boolean {
    // From AWS's data (contracts/aws-limits.generated.ts), not a pattern: see scripts/extract-aws-limits.py.
    return hasInstanceStorage(this.name);
  }

  /** Whether the instance has a GPU (for GPU utilization metrics). */
  public get hasGpu(): boolean {
    if (Token.isUnresolved(this.name)) return false;
    return /^(g\d|p\d)/.test(this.name.split('.')[1]);
  }

  /** The instance type's name as SageMaker spells it, e.g. `ml.m5.large`. */
  public toString(): string {
    return this.name;
  }
}
