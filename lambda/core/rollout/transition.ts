/**
 * The rollout protocol: every change to a rollout is one pure transition `(record, live endpoint, event) → effects`.
 * The controller's tick, a candidate alarm, an operator command, CloudFormation's deploy events (with the stack's own
 * status), the drain guard, the deadline, a hook's verdict, a capacity order's outcome and a restore handed over by
 * another writer are all events here; the adapters (controller, rollback Lambda, deploy trigger, drain guard, CLI)
 * only read the world, build the event, call `transition` and hand the effects to the one executor
 * (lambda/shared/rollout-executor.ts). No clock is read here: `now` is an input, so the simulator can drive it.
 */
import type { HookName, RolloutExecutionInput, RolloutRecord, StepResult } from '../../../contracts/rollout-execution';
import type { RolloutSlotProperties, RolloutTriggerProperties } from '../../../contracts/rollout-resources';
import type { OperatorCommand, RolloutState } from '../../../contracts/rollout-state';
import type { Effect } from './effects';
import type { EndpointView } from './live-endpoint';
import type { AlarmSignal, RolloutSignals } from './signals';
import { deployTransition, DeployOutcome, drainTransition, DrainOutcome } from './transition-deploy';
import { alarmTransition, commandTransition, deadlineTransition, restoreTransition } from './transition-end';
import { capacityRefusedTransition, hookVerdictTransition, startTransition, tickTransition } from './transition-tick';
import { componentTickTransition } from './transition-component';
import { componentEventTransition, ComponentGuardEvent, componentGuardTransition } from './transition-component-events';

/** The controller's check: the signals it read and the state with this check's observations (probe, shadow). */
export interface TickEvent {
  readonly kind: 'TICK';
  readonly signals: RolloutSignals;
  /** rec.state with this check's replay or probe counters added; rec.state when nothing was observed. */
  readonly observed?: RolloutState;
}

/** The first step of an execution: write the record (or the refusal found while reading the world). */
export interface StartEvent {
  readonly kind: 'START';
  readonly input: RolloutExecutionInput;
  readonly executionArn: string;
  /** Why the rollout must not start (firing alarm, missing variant, ...), found by the adapter's reads. */
  readonly refusal?: string;
  /** Where the history row goes (the environment's history table and TTL). */
  readonly historyTable?: string;
  readonly historyTtlSeconds?: number;
  /** The guarding alarms as read. */
  readonly alarms?: readonly AlarmSignal[];
  /** Why DescribeEndpoint failed, when it did. */
  readonly endpointError?: string;
}

/** A candidate alarm went into ALARM (EventBridge → rollback Lambda). */
export interface AlarmEvent {
  readonly kind: 'ALARM';
  readonly alarmName: string;
  readonly reason?: string;
}

/** An operator's command (cdk-mlops rollout pause|resume|promote|abort). */
export interface CommandEvent {
  readonly kind: 'COMMAND';
  readonly command: OperatorCommand;
  /** Who sent it, for the record (e.g. "cdk-mlops rollout abort ep"). */
  readonly source: string;
}

/** A CloudFormation event on the deploy trigger, with the stack's own status (DescribeStacks on the event's StackId). */
export interface DeployEvent {
  readonly kind: 'DEPLOY';
  readonly requestType: 'Create' | 'Update' | 'Delete';
  readonly props: RolloutTriggerProperties;
  readonly oldProps?: RolloutSlotProperties;
  /** StackStatus at the event; undefined when it could not be read (the record is then the only evidence). */
  readonly stackStatus?: string;
  /** Epoch milliseconds of the event (names the rollout). */
  readonly nowMs: number;
  /** The state machine to start when the event starts a rollout. */
  readonly stateMachineArn?: string;
  /**
   * CloudFormation's RequestId: the same for a redelivered event, so the rollout (and its execution) it names is the
   * same, and a second StartExecution finds the first instead of starting another.
   */
  readonly requestId?: string;
}

/** The drain guard, before CloudFormation's endpoint update: the slot whose model changes must serve nobody. */
export interface DrainEvent {
  readonly kind: 'DRAIN';
  readonly props: RolloutSlotProperties;
  readonly oldProps?: RolloutSlotProperties;
  readonly requestType: 'Create' | 'Update' | 'Delete';
  /** Model per slot of the live endpoint's configuration; undefined when the endpoint does not exist. */
  readonly liveModels?: ReadonlyMap<string, string>;
}

/** Something waiting on the rollout is about to give up (CloudFormation's hour): end it on stable now. */
export interface DeadlineEvent {
  readonly kind: 'DEADLINE';
}

/** A traffic hook's verdict (the state machine's hook-result task). */
export interface HookVerdictEvent {
  readonly kind: 'HOOK_VERDICT';
  readonly hook: HookName;
  readonly passed: boolean;
  readonly details?: string;
  /** The error the hook phase failed with; HOOK_ERRORS.DEADLINE: a hook was not started, its time-out passes the deadline. */
  readonly error?: string;
}

/** The capacity order of the candidate was refused (after its retries): the rollout cannot get its instances. */
export interface CapacityRefusedEvent {
  readonly kind: 'CAPACITY_REFUSED';
  readonly instanceCount: number;
  readonly error: string;
}

/**
 * A rollout that ended on stable (its record says so) while the endpoint still gives its candidate traffic: a raise
 * that landed late, or a restore that did not hold in the writer's own budget and was handed over.
 */
export interface RestoreEvent {
  readonly kind: 'RESTORE';
  /** The rollout that ended; a record of another rollout is left to its own writers. */
  readonly rolloutId: string;
  readonly reason: string;
}

export type TransitionEvent =
  | TickEvent | StartEvent | AlarmEvent | CommandEvent | DeployEvent | DrainEvent | DeadlineEvent | HookVerdictEvent
  | CapacityRefusedEvent | RestoreEvent | ComponentGuardEvent;

export interface Transition {
  /** What happened, for logs ('SHIFT', 'ROLLBACK', 'START', 'ABORT_AND_RESTORE', 'NOTHING', ...). */
  readonly kind: string;
  readonly reason: string;
  readonly effects: readonly Effect[];
  /** The state machine's next move (controller events only). */
  readonly result?: StepResult;
  /** The deploy must fail with `reason` (a refused deploy, or a drain that cannot be done). */
  readonly refused?: boolean;
  /** The state the record holds once the effects are applied (for the simulator and the adapters' answers). */
  readonly state?: RolloutState;
  /** DEPLOY: what the trigger answers CloudFormation. */
  readonly deploy?: DeployOutcome;
  /** DRAIN: the slot drained and the one left serving. */
  readonly drain?: DrainOutcome;
}

/**
 * The one transition. `record` is the endpoint's rollout as read (undefined when it has none); `live` the endpoint as
 * read (undefined when the event needs no read, or the endpoint does not exist); `now` epoch seconds.
 */
export function transition(record: RolloutRecord | undefined, live: EndpointView | undefined, event: TransitionEvent,
  now: number): Transition {
  // An inference component's rollout: the same policy, with component effects (transition-component*.ts).
  if (event.kind === 'ALARM' || event.kind === 'COMMAND' || event.kind === 'DEADLINE') {
    const t = componentEventTransition(record, event, now);
    if (t) return t;
  }
  switch (event.kind) {
    case 'COMPONENT_GUARD': return componentGuardTransition(record, live, event, now);
    case 'TICK': return record?.component ? componentTickTransition(record, live, event, now) : tickTransition(need(record, event), live, event, now);
    case 'START': return startTransition(record, live, event, now);
    case 'HOOK_VERDICT': return hookVerdictTransition(need(record, event), event, now);
    case 'CAPACITY_REFUSED': return capacityRefusedTransition(need(record, event), event, now);
    case 'ALARM': return alarmTransition(need(record, event), event, now);
    case 'COMMAND': return commandTransition(record, live, event, now);
    case 'DEADLINE': return deadlineTransition(need(record, event), now);
    case 'RESTORE': return restoreTransition(record, live, event, now);
    case 'DEPLOY': return deployTransition(record, live, event, now);
    case 'DRAIN': return drainTransition(record, live, event);
  }
}

function need(record: RolloutRecord | undefined, event: TransitionEvent): RolloutRecord {
  if (!record) throw new Error(`a ${event.kind} event needs the rollout's record`);
  return record;
}
