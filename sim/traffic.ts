/**
 * How the simulated endpoint carries out the controller's orders: the live split of requests, and when each order
 * takes effect. Variants (WeightTraffic) change weights after a fixed latency; an inference component's copies
 * (CopyFleet, sim/copies.ts) change the split only as copies start and stop.
 */
import { ALL_CANDIDATE, ALL_STABLE, VariantWeights } from '../lambda/core/rollout';

export interface TrafficControl {
  /** The split of user requests now (percent to each side). */
  readonly live: VariantWeights;
  /** Whether the candidate gets a copy of the stable side's requests (shadow by replay). */
  readonly shadowOn: boolean;
  /** Nothing ordered is still to take effect. */
  readonly settled: boolean;
  /** An endpoint update (weights or copies) is in flight: DescribeEndpoint would say Updating. */
  readonly updating: boolean;
  /** Applies what is due at second `t`; true when something took effect. */
  advance(t: number): boolean;
  /** The policy shifted to `weights` (plan step `stepIndex`). */
  shift(weights: VariantWeights, stepIndex: number, t: number): void;
  /** The policy started the shadow run. */
  startShadow(t: number): void;
  /** The policy promoted the candidate. */
  promote(t: number): void;
  /** The policy rolled back (or failed): all requests back on stable, superseding any order in flight. */
  rollback(t: number): void;
}

interface PendingUpdate {
  readonly at: number;
  readonly weights?: VariantWeights;
  readonly shadow?: boolean;
}

/** Variants: UpdateEndpointWeightsAndCapacities takes effect `shiftLatency` (a rollback `rollbackLatency`) later. */
export class WeightTraffic implements TrafficControl {
  public live: VariantWeights = ALL_STABLE;
  public shadowOn = false;
  private pending: PendingUpdate[] = [];

  constructor(private readonly shiftLatency: number, private readonly rollbackLatency: number) {}

  public get settled(): boolean {
    return this.pending.length === 0;
  }

  public get updating(): boolean {
    return this.pending.some((p) => p.weights !== undefined);
  }

  public advance(t: number): boolean {
    const due = this.pending.filter((p) => p.at <= t);
    this.pending = this.pending.filter((p) => p.at > t);
    for (const p of due) {
      if (p.weights) this.live = p.weights;
      if (p.shadow !== undefined) this.shadowOn = p.shadow;
    }
    return due.length > 0;
  }

  public shift(weights: VariantWeights, _stepIndex: number, t: number): void {
    this.pending.push({ at: t + this.shiftLatency, weights, shadow: false });
  }

  public startShadow(t: number): void {
    this.pending.push({ at: t + this.shiftLatency, shadow: true });
  }

  public promote(t: number): void {
    if (this.live.candidate !== 100) this.pending.push({ at: t + this.shiftLatency, weights: ALL_CANDIDATE, shadow: false });
  }

  public rollback(t: number): void {
    this.pending = [{ at: t + this.rollbackLatency, weights: ALL_STABLE, shadow: false }];
  }
}
