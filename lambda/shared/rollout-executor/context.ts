/** What the executor is given (its clients, table, clock, budgets, capabilities) and what it reports. */
import { ROLLOUT_ENV, RolloutRecord, StartExecutionEffect, StopExecutionEffect, VariantWeights } from '../../core/rollout';
import type { AwsClients } from '../clients';
import { optionalEnv } from '../env';
import type { Logger } from '../log';
import type { RolloutConflictError, RolloutTable } from '../rollout-table';

export type ExecutorClients = Pick<AwsClients, 'sagemaker' | 'sfn' | 'sns' | 'events' | 'lambda' | 'cloudwatch'>;

export interface ExecutorContext {
  readonly aws: ExecutorClients;
  /** The rollout table; absent where no rollout is recorded (a stack without one). */
  readonly table?: RolloutTable;
  readonly log: Logger;
  /** Epoch seconds. */
  readonly now: () => number;
  /** Milliseconds for a lowering and its read-back (retries of a throttled or Updating endpoint included). */
  readonly budgetMs: number;
  /** Milliseconds for a raise or a capacity order. @default budgetMs */
  readonly raiseBudgetMs?: number;
  /**
   * A read-back that does not hold yet is not a failure: the caller is polled again (CloudFormation's isComplete)
   * and applies the same transition then. Nothing after it is done now.
   */
  readonly settleLater?: boolean;
  /**
   * Starts a rollout's execution (START_EXECUTION). Only the deploy trigger's transitions start rollouts, so only its
   * adapter passes this (start-execution.ts): the other functions' code cannot reach StartExecution, and their roles
   * do not need it.
   */
  readonly startExecution?: (effect: StartExecutionEffect) => Promise<string>;
  /**
   * Stops a rollout's execution (STOP_EXECUTION; stopExecutionOf in stop-execution.ts). Every writer that ends
   * rollouts passes it; the drain guard does not (it ends none, and its role cannot name the state machine: the
   * endpoint waits for the guard, and the state machine's functions name the endpoint).
   */
  readonly stopExecution?: (effect: StopExecutionEffect) => Promise<'STOPPED' | 'NOT_RUNNING'>;
}

export interface ExecutionReport {
  /** The record as this run left it (undefined when there is none). */
  readonly record?: RolloutRecord;
  /** Every read-back held (true when there was none). */
  readonly verified: boolean;
  /** The live split at the last read-back, when there was one. */
  readonly live?: VariantWeights;
  /** A read-back of a raise: the endpoint was still Updating at the end of the wait. */
  readonly unsettled?: boolean;
  /** A raise's order failed after its retries (the next tick orders it again). */
  readonly orderError?: string;
  /** The capacity order failed after its retries (the caller feeds CAPACITY_REFUSED to the transition). */
  readonly capacityError?: string;
  /** The record changed since it was read: nothing after the write was done; re-read and transition again. */
  readonly stale?: boolean;
  /** CREATE lost: another rollout is active on the endpoint. */
  readonly conflict?: RolloutConflictError;
  /** SET_COMMAND found no active rollout. */
  readonly notActive?: boolean;
  /** A raise landed after the rollout moved on and was undone (or handed over). */
  readonly undone?: 'RESTORED' | 'HANDED_OFF';
  readonly executionArn?: string;
  readonly stopped?: 'STOPPED' | 'NOT_RUNNING';
}

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function table(ctx: ExecutorContext): RolloutTable {
  if (!ctx.table) throw new Error(`rollout executor: no rollout table (${ROLLOUT_ENV.TABLE} is ${optionalEnv(ROLLOUT_ENV.TABLE) ?? 'unset'})`);
  return ctx.table;
}

export function need(rec: RolloutRecord | undefined, kind: string): RolloutRecord {
  if (!rec) throw new Error(`rollout executor: ${kind} needs the rollout's record`);
  return rec;
}
