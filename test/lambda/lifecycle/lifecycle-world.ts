/**
 * What the lifecycle table's stack driver needs of an AWS: the rollout handlers to call, an endpoint of two slots, the
 * executions, the record, and knobs for how SageMaker, CloudFormation and Step Functions answer. Two worlds implement
 * it: in memory with the TypeScript handlers (cfn-world.ts) and moto_server behind the emulating proxy with the
 * shipped bundles (moto-cfn-world.ts).
 */
import type { GuardEvent, GuardResponse } from '../../../lambda/handlers/rollout-guard/events';
import type { ControllerEvent } from '../../../contracts/rollout-execution';
import type { IsCompleteEvent, IsCompleteResponse, OnEventResponse, TriggerEvent } from '../../../lambda/handlers/rollout-trigger/events';
import type { RolloutExecutionInput, RolloutRecord, StepResult } from '../../../lambda/core/rollout';
import type { OrderMode } from '../../helpers/sagemaker-updating-proxy';

export type { OrderMode } from '../../helpers/sagemaker-updating-proxy';

/** The model each slot holds: { blue: 'm1', green: 'm0' }. */
export type Models = Record<string, string>;
export interface Slot { model: string; weight: number }

export interface LifecycleHandlers {
  guard(event: GuardEvent): Promise<GuardResponse>;
  onEvent(event: TriggerEvent): Promise<OnEventResponse>;
  isComplete(event: IsCompleteEvent): Promise<IsCompleteResponse>;
  controller(event: ControllerEvent): Promise<StepResult>;
}

export interface Execution { readonly arn: string; readonly input: RolloutExecutionInput }

export interface LifecycleWorld {
  readonly handlers: LifecycleHandlers;
  readonly endpointName: string;
  /** Alarm names per slot, as the trigger's properties name them. */
  readonly slotAlarmNames: Record<string, string[]>;
  setOrderMode(mode: OrderMode): void;
  /** What DescribeStacks answers from now on. */
  setStackStatus(status: string): void;
  /** The endpoint appears with the models, all traffic on blue. */
  createEndpoint(models: Models): Promise<void>;
  /** CloudFormation's endpoint update: new models for the slots, live weights kept; returns once InService. */
  updateEndpoint(models: Models): Promise<void>;
  deleteEndpoint(): Promise<void>;
  /** StartExecution is throttled from now on. */
  throttleStartExecution(): void;
  /** The green slot's alarm is in ALARM whenever green has weight (read when the controller reads it). */
  alarmWhileGreenServes(): void;
  running(): Promise<Execution[]>;
  isRunning(arn: string): Promise<boolean>;
  /** The state machine ends the execution (the controller answered COMPLETE or FAILED). */
  endExecution(arn: string, status: 'SUCCEEDED' | 'FAILED'): Promise<void>;
  executionCount(): Promise<number>;
  /** Any order in flight lands. */
  settle(): Promise<void>;
  /** The endpoint's slots (undefined: the endpoint is gone). */
  slots(): Promise<Record<string, Slot> | undefined>;
  record(): Promise<RolloutRecord | undefined>;
  /** Weight orders refused as in progress, and taken. */
  orders(): { refused: number; taken: number };
  /** Failures no caller saw: asynchronous invocations that failed every attempt (their dead-letter queue). */
  deadLetters(): string[];
  advance(seconds: number): void;
  dispose(): Promise<void>;
}
