/**
 * A batch that SageMaker moves at once: a number of instances (an endpoint's deployment), a number of inference
 * component copies (a component's rolling update), or a percentage of the capacity (either).
 */
export class CapacitySize {
  /** A number of instances (at least 1): for an endpoint's NativeDeploymentConfig. */
  public static instanceCount(count: number): CapacitySize {
    return new CapacitySize('INSTANCE_COUNT', count);
  }

  /** A number of inference component copies (at least 1): for an InferenceComponent's rolling update. */
  public static copyCount(count: number): CapacitySize {
    return new CapacitySize('COPY_COUNT', count);
  }

  /** A percentage of each variant's instances, or of a component's copies. */
  public static capacityPercent(percent: number): CapacitySize {
    return new CapacitySize('CAPACITY_PERCENT', percent);
  }

  private constructor(
    /** `INSTANCE_COUNT`, `COPY_COUNT` or `CAPACITY_PERCENT`, as SageMaker's `CapacitySize.Type`. */
    public readonly type: string,
    /** The number of instances or copies, or the percentage of capacity, as SageMaker's `CapacitySize.Value`. */
    public readonly value: number,
  ) {}

  /** The share of a fleet of `units` (instances or copies) this size is. */
  public shareOf(units: number): number {
    return this.type === 'CAPACITY_PERCENT' ? this.value / 100 : this.value / units;
  }

  /** The number of instances (or copies) this size is in a fleet of `units`. */
  public instancesOf(units: number): number {
    return this.type === 'CAPACITY_PERCENT' ? units * this.value / 100 : this.value;
  }

  /** A readable form for messages, e.g. `2 instance(s)`, `1 copy(ies)` or `25% of capacity`. */
  public toString(): string {
    if (this.type === 'INSTANCE_COUNT') return `${this.value} instance(s)`;
    if (this.type === 'COPY_COUNT') return `${this.value} copy(ies)`;
    return `${this.value}% of capacity`;
  }
}
