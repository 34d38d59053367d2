/**
 * The simulated rollout's record, execution and endpoint, and the interpreter of the transition's effects
 * (lambda/core/rollout/transition.ts decides; lambda/shared/rollout-executor does it in AWS, this does it here):
 * an order of weights changes the traffic after the traffic model's latency (sim/traffic.ts), a persist writes the
 * record, a stop ends the execution, a read-back is noted when the ordered split is live, and notifications, history
 * rows and alerts go to the run's effect log. Capacity is not modelled: both slots have one instance, so capacity
 * before traffic and the idle slot's scale-down never order anything.
 */
import {
  ALL_STABLE, Effect, EndpointView, initialState, RolloutPlan, RolloutRecord, rolloutIdFor, sameWeights, Transition, VariantWeights,
} from '../lambda/core/rollout';
import type { TrafficControl } from './traffic';

/** Names the simulated endpoint and its deploy use (the candidate slot's model changes from the stable's to its own). */
export const SIM_ENDPOINT = {
  endpointName: 'sim-endpoint',
  stableVariant: 'blue',
  candidateVariant: 'green',
  stableModel: 'model-v1',
  /** The model the candidate slot held before the deploy (the same as the stable slot's). */
  previousCandidateModel: 'model-v1',
  candidateModel: 'model-v2',
  /** CloudFormation's RequestId of the forward deploy (the same when the event is redelivered). */
  deployRequestId: 'sim-deploy-request',
} as const;

/** One line of the run's effect log: what a writer did that is not a decision (notify, history row, read-back, ...). */
export interface EffectRecord {
  readonly second: number;
  /** The writer (controller, rollback-lambda, cli, trigger) whose transition asked for it. */
  readonly writer: string;
  readonly kind: string;
  readonly detail: string;
}

interface PendingVerify {
  readonly writer: string;
  readonly weights: VariantWeights;
  readonly orderedAt: number;
}

export class SimRollout {
  public record: RolloutRecord;
  /** The Step Functions execution still runs (no stop, no terminal answer). */
  public running = true;
  public readonly log: EffectRecord[] = [];
  /** Seconds the ordered splits were read back live, in order. */
  public readonly verifiedAt: number[] = [];
  /** The endpoint is Updating until then (CloudFormation's own update of the endpoint), besides orders in flight. */
  public endpointUpdatingUntil = -1;
  private verifies: PendingVerify[] = [];

  constructor(plan: RolloutPlan, private readonly traffic: TrafficControl, private readonly start: number) {
    const rolloutId = rolloutIdFor(SIM_ENDPOINT.candidateModel, start * 1000, SIM_ENDPOINT.deployRequestId);
    // As the execution's first step writes it (transition-start.ts), without the deploy's deadline: the horizon bounds the run.
    this.record = {
      endpointName: SIM_ENDPOINT.endpointName, rolloutId, executionArn: `arn:aws:states:us-east-1:111122223333:execution:sim:${rolloutId}`,
      stableVariant: SIM_ENDPOINT.stableVariant, candidateVariant: SIM_ENDPOINT.candidateVariant, plan, alarmNames: ['candidate-5xx'],
      state: initialState(start), history: [{ at: start, kind: 'START', reason: `rollout started (${plan.name})` }],
      updatedAt: start, version: 1, candidateModel: SIM_ENDPOINT.candidateModel,
    };
  }

  /** The endpoint as DescribeEndpoint would show it: Updating while an order or CloudFormation's update is in flight. */
  public view(t: number): EndpointView {
    const live = this.traffic.live;
    const updating = this.traffic.updating || t < this.endpointUpdatingUntil;
    return {
      status: updating ? 'Updating' : 'InService',
      weights: new Map([[SIM_ENDPOINT.stableVariant, live.stable], [SIM_ENDPOINT.candidateVariant, live.candidate]]),
      instances: new Map([[SIM_ENDPOINT.stableVariant, 1], [SIM_ENDPOINT.candidateVariant, 1]]),
      createdAt: 0,
    };
  }

  /** Applies a transition's effects at second `t`, in their order, as the executor would. */
  public apply(writer: string, tr: Transition, t: number): void {
    for (const e of tr.effects) this.applyOne(writer, tr, e, t);
    // A shadow run replays captured requests to the candidate (no endpoint change); the traffic model copies users' requests.
    if (tr.kind === 'START_SHADOW') this.traffic.startShadow(t);
    // The state machine ends on a terminal answer as it does on StopExecution.
    const k = tr.result?.kind;
    if (k === 'COMPLETE' || k === 'ROLLED_BACK' || k === 'FAILED') this.running = false;
  }

  /** Notes the read-backs that hold at second `t` (after the traffic model advanced); the second they held. */
  public readBack(t: number): number | undefined {
    const live = this.traffic.live;
    const held = this.verifies.filter((v) => sameWeights(live, v.weights));
    if (held.length === 0) return undefined;
    this.verifies = this.verifies.filter((v) => !held.includes(v));
    for (const v of held) {
      this.note(t, v.writer, 'VERIFIED', `${describe(v.weights)} live ${t - v.orderedAt} s after the order`);
    }
    this.verifiedAt.push(t);
    return t;
  }

  private applyOne(writer: string, tr: Transition, e: Effect, t: number): void {
    switch (e.kind) {
      case 'ORDER_WEIGHTS':
        this.order(e.weights, tr, t);
        this.note(t, writer, e.kind, describe(e.weights));
        return;
      case 'VERIFY':
        // A lowering's read-back holds only once the rollback latency has passed; its second is what "stable at" reports.
        this.verifies.push({ writer, weights: e.weights, orderedAt: t });
        return;
      case 'PERSIST': {
        const r = this.record;
        this.record = { ...r, state: e.state, history: [...r.history, ...e.entries], updatedAt: t, version: (r.version ?? 0) + 1,
          ...(e.consumeCommand ? { command: undefined } : {}) };
        return;
      }
      case 'CREATE':
        this.record = e.record;
        return;
      case 'SET_COMMAND':
        this.record = { ...this.record, command: e.command };
        return;
      case 'APPEND_ENTRY':
        this.record = { ...this.record, history: [...this.record.history, e.entry] };
        return;
      case 'STOP_EXECUTION':
        this.running = false;
        this.note(t, writer, e.kind, `${e.error}: ${e.cause}`);
        return;
      case 'START_EXECUTION':
        // Named by the deploy's RequestId: a redelivered deploy names the execution that already runs (or ran).
        this.note(t, writer, e.kind, e.input.rolloutId === this.record.rolloutId
          ? `execution ${e.input.rolloutId} already exists (same RequestId): nothing started`
          : `would start rollout ${e.input.rolloutId}: a second rollout is not simulated`);
        return;
      case 'NOTIFY':
        this.note(t, writer, e.kind, `${e.detail.phase}${e.detail.cause ? ` (${e.detail.cause})` : ''}: ${e.detail.reason}`);
        return;
      case 'HISTORY_ROW':
        this.note(t, writer, e.kind, `history row: ${this.record.state.phase}`);
        return;
      case 'ALERT':
        this.note(t, writer, e.kind, `${e.level}: ${e.message}`);
        return;
      case 'ORDER_CAPACITY':
        this.note(t, writer, e.kind, `${e.variant} to ${e.instanceCount} instance(s) (capacity not modelled)`);
        return;
      default:
        throw new Error(`simulator: effect ${e.kind} (an inference component's) is not simulated; a copy run models its copies in sim/copies.ts`);
    }
  }

  /** An order of weights as the traffic model carries it out: a rollback supersedes orders in flight. */
  private order(weights: VariantWeights, tr: Transition, t: number): void {
    if (sameWeights(weights, ALL_STABLE)) this.traffic.rollback(t);
    else if (tr.kind === 'PROMOTE') this.traffic.promote(t);
    else this.traffic.shift(weights, tr.state?.stepIndex ?? this.record.state.stepIndex, t);
  }

  private note(second: number, writer: string, kind: string, detail: string): void {
    this.log.push({ second: second - this.start, writer, kind, detail });
  }
}

function describe(w: VariantWeights): string {
  return `stable ${round(w.stable)}% / candidate ${round(w.candidate)}%`;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
