/**
 * What a rollout transition asks the world to do (lambda/core/rollout/transition.ts decides, the executor in
 * lambda/shared/rollout-executor.ts does). Effects are data: the transition never performs them and never orders
 * them; the executor applies them in the one safe order (see `ordersRaise`).
 */
import type { RolloutExecutionInput, RolloutEvent, RolloutRecord } from '../../../contracts/rollout-execution';
import type { RolloutStatusEventDetail } from '../../../contracts/rollout-resources';
import type { OperatorCommand, RolloutState, VariantWeights } from '../../../contracts/rollout-state';
import type { VariantPair } from './live-endpoint';
import type { ComponentEffect } from './component-effects';

export type { ComponentEffect } from './component-effects';

/** UpdateEndpointWeightsAndCapacities with the pair's split (other variants keep their share). */
export interface OrderWeightsEffect {
  readonly kind: 'ORDER_WEIGHTS';
  readonly pair: VariantPair;
  readonly weights: VariantWeights;
}

/** DesiredInstanceCount for one variant (SageMaker changes one variant's capacity per call). */
export interface OrderCapacityEffect {
  readonly kind: 'ORDER_CAPACITY';
  readonly variant: string;
  readonly instanceCount: number;
}

/** Read the endpoint back until `weights` are live (or the budget ends): an order is never taken on trust. */
export interface VerifyEffect {
  readonly kind: 'VERIFY';
  readonly pair: VariantPair;
  readonly weights: VariantWeights;
  /** Why stable is wanted, for the ROLLBACK_FAILED raised when it does not hold. */
  readonly reason?: string;
}

/** Write `state` over the record read, conditional on its version; `entries` go to its event log. */
export interface PersistEffect {
  readonly kind: 'PERSIST';
  readonly state: RolloutState;
  readonly entries: readonly RolloutEvent[];
  /** Remove the operator command the record carried (the transition consumed it). */
  readonly consumeCommand: boolean;
}

/** Write a new rollout, conditional on no other rollout being active on the endpoint. */
export interface CreateEffect {
  readonly kind: 'CREATE';
  readonly record: RolloutRecord;
}

/** Leave an operator command in the active rollout's record for the controller's next tick. */
export interface SetCommandEffect {
  readonly kind: 'SET_COMMAND';
  readonly command: OperatorCommand;
}

/** Add a line to the record's event log without touching its state (the rollout already ended). */
export interface AppendEntryEffect {
  readonly kind: 'APPEND_ENTRY';
  readonly entry: RolloutEvent;
}

export interface StartExecutionEffect {
  readonly kind: 'START_EXECUTION';
  readonly input: RolloutExecutionInput;
  /** @default the ROLLOUT_STATE_MACHINE_ARN environment variable */
  readonly stateMachineArn?: string;
}

export interface StopExecutionEffect {
  readonly kind: 'STOP_EXECUTION';
  readonly executionArn: string;
  readonly error: string;
  readonly cause: string;
}

/** Tell people (SNS, when `sns`) and machines (EventBridge). */
export interface NotifyEffect {
  readonly kind: 'NOTIFY';
  readonly detail: RolloutStatusEventDetail;
  readonly sns: boolean;
}

/** Write the rollout's row in the history table (from the record as persisted). */
export interface HistoryRowEffect {
  readonly kind: 'HISTORY_ROW';
}

/** A log line (and a metric) that says what the transition saw: an override, a lost order, a refusal. */
export interface AlertEffect {
  readonly kind: 'ALERT';
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
  /** Metric counted once (EMF), e.g. WeightsNotApplied. */
  readonly metric?: string;
  readonly fields?: Readonly<Record<string, unknown>>;
}

/**
 * Keep the count of throttled checks in a row on the record (the back-off grows with it; 0 clears it), leaving the
 * rollout's state and version alone: best effort, conditional on the rollout id.
 */
export interface CountThrottledEffect {
  readonly kind: 'COUNT_THROTTLED';
  readonly rolloutId: string;
  readonly count: number;
}

export type Effect =
  | OrderWeightsEffect | OrderCapacityEffect | VerifyEffect | PersistEffect | CreateEffect | SetCommandEffect
  | AppendEntryEffect | StartExecutionEffect | StopExecutionEffect | NotifyEffect | HistoryRowEffect | AlertEffect
  | CountThrottledEffect | ComponentEffect;

export type EffectKind = Effect['kind'];

/**
 * Whether an order gives the candidate traffic. Such an order is a raise: it is persisted before it is ordered (a
 * concurrent end then wins the conditional write), and undone when the record moved on while it was in flight. An
 * order of all traffic on the stable side is a lowering: ordered, read back until it holds, and only then persisted,
 * so an end is never recorded while the candidate still serves.
 */
export function ordersRaise(order: OrderWeightsEffect): boolean {
  return order.weights.candidate > 0;
}

export function effectOf<K extends EffectKind>(effects: readonly Effect[], kind: K): Extract<Effect, { kind: K }> | undefined {
  return effects.find((e): e is Extract<Effect, { kind: K }> => e.kind === kind);
}

/**
 * Why `effects` break the safe order, or undefined. A raise must come after the persist of the same transition (a
 * concurrent end then wins the conditional write); a lowering's order and read-back must come before the persist that
 * records it (an end is never recorded while the candidate still serves).
 */
export function effectOrderProblem(effects: readonly Effect[]): string | undefined {
  const firstPersist = effects.findIndex((e) => e.kind === 'PERSIST' || e.kind === 'CREATE');
  for (let i = 0; i < effects.length; i++) {
    const e = effects[i];
    // A temporary candidate component is recorded before it is created, and deleted before its end is recorded.
    if (e.kind === 'CREATE_COMPONENT' && !(firstPersist >= 0 && firstPersist < i)) {
      return `a temporary component (effect ${i}) is created without a persist before it`;
    }
    const lowering = e.kind === 'DELETE_COMPONENT' || (e.kind === 'ORDER_WEIGHTS' && !ordersRaise(e));
    if (e.kind === 'ORDER_WEIGHTS' && ordersRaise(e) && firstPersist > i) {
      return `a raise (effect ${i}) is ordered before the persist (effect ${firstPersist})`;
    }
    if (lowering && firstPersist >= 0 && firstPersist < i) {
      return `a lowering (effect ${i}) is ordered after the persist (effect ${firstPersist})`;
    }
  }
  return undefined;
}
