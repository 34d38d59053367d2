import { Token } from 'aws-cdk-lib';
import { hasInstanceStorage } from './private/validate-endpoint';

/**
 * A SageMaker hosting instance type (`ml.*`). Use a constant, or `InstanceType.of('ml.m5.large')` for any other.
 */
export class InstanceType {
  public static readonly ML_T2_MEDIUM = new InstanceType('ml.t2.medium');
  public static readonly ML_M5_LARGE = new InstanceType('ml.m5.large');
  public static readonly ML_M5_XLARGE = new InstanceType('ml.m5.xlarge');
  public static readonly ML_C5_LARGE = new InstanceType('ml.c5.large');
  public static readonly ML_C5_XLARGE = new InstanceType('ml.c5.xlarge');
  public static readonly ML_C6I_LARGE = new InstanceType('ml.c6i.large');
  public static readonly ML_M6I_LARGE = new InstanceType('ml.m6i.large');
  public static readonly ML_G4DN_XLARGE = new InstanceType('ml.g4dn.xlarge');
  public static readonly ML_G5_XLARGE = new InstanceType('ml.g5.xlarge');
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

  public toString(): string {
    return this.name;
  }
}
