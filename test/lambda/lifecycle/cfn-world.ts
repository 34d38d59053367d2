/**
 * An in-memory AWS for the lifecycle table: one endpoint (two slots, models and weights, the configuration's
 * models), the rollout table (conditional writes as DynamoDB does them for RolloutTable), Step Functions executions,
 * and CloudWatch answering "OK, traffic flowing". The TypeScript handlers run against it through aws-sdk-client-mock,
 * with short retry and settle timings.
 */
import { DescribeAlarmsCommand, GetMetricDataCommand, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DescribeEndpointCommand, DescribeEndpointConfigCommand, UpdateEndpointWeightsAndCapacitiesCommand,
} from '@aws-sdk/client-sagemaker';
import { DescribeExecutionCommand, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RolloutExecutionInput, RolloutRecord } from '../../../lambda/core/rollout';
import { handler as controller } from '../../../lambda/handlers/rollout-controller';
import { handler as guard } from '../../../lambda/handlers/rollout-guard';
import { isComplete, onEvent } from '../../../lambda/handlers/rollout-trigger';
import { mockAll } from '../handlers/mock-world';
import { controllableClock } from '../handlers/support';
import type { Execution, LifecycleHandlers, LifecycleWorld, Models, OrderMode, Slot } from './lifecycle-world';

const inProgress = () => Object.assign(new Error('Cannot update in-progress endpoint "ep".'), { name: 'ValidationException' });

/**
 * How SageMaker takes a weight order (OrderMode). INSTANT: live at once (moto). SLOW: the endpoint is Updating and the
 * order takes effect after `describesToSettle` DescribeEndpoint calls, refusing other orders meanwhile ("Cannot update
 * in-progress endpoint"), as SageMaker does. REFUSED: each order is refused twice as if another update ran, then taken
 * SLOW. STUCK: every order is refused (the endpoint never leaves Updating).
 */
export class CfnWorld implements LifecycleWorld {
  readonly aws = mockAll();
  readonly clock = controllableClock();
  readonly handlers: LifecycleHandlers = { guard, onEvent, isComplete, controller };
  readonly endpointName = 'ep';
  readonly slotAlarmNames = { blue: ['blue-5xx'], green: ['green-5xx'] };
  endpoint: { exists: boolean; slots: Record<string, Slot> } = { exists: false, slots: {} };
  item: RolloutRecord | undefined;
  readonly executions = new Map<string, { status: string; input: RolloutExecutionInput }>();
  orderMode: OrderMode = 'INSTANT';
  describesToSettle = 3;
  /** CloudFormation's status of the stack, as DescribeStacks answers it. */
  stackStatus = 'CREATE_IN_PROGRESS';
  /** Orders refused ("in progress") and taken, for the rows to show each mode was exercised. */
  ordersRefused = 0;
  ordersTaken = 0;
  private pending: { weights: Record<string, number>; describesLeft: number } | undefined;
  private refusalsLeft = 2;

  constructor() {
    const a = this.aws;
    a.sagemaker.on(DescribeEndpointCommand).callsFake(() => {
      if (!this.endpoint.exists) throw Object.assign(new Error(`Could not find endpoint "${this.endpointName}".`), { name: 'ValidationException' });
      if (this.pending && --this.pending.describesLeft <= 0) this.settleNow();
      const status = this.pending || this.orderMode === 'STUCK' ? 'Updating' : 'InService';
      return { EndpointName: 'ep', EndpointStatus: status, EndpointConfigName: 'cfg', CreationTime: new Date(0),
        ProductionVariants: Object.entries(this.endpoint.slots).map(([n, s]) => ({ VariantName: n, CurrentWeight: s.weight, CurrentInstanceCount: 1 })) };
    });
    a.sagemaker.on(DescribeEndpointConfigCommand).callsFake(() => ({
      ProductionVariants: Object.entries(this.endpoint.slots).map(([n, s]) => ({ VariantName: n, ModelName: s.model })),
    }));
    a.sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).callsFake((input) => {
      const weights: Record<string, number> = Object.fromEntries(input.DesiredWeightsAndCapacities
        .filter((d: { DesiredWeight?: number }) => d.DesiredWeight !== undefined).map((d: { VariantName: string; DesiredWeight: number }) => [d.VariantName, d.DesiredWeight]));
      if (this.orderMode === 'STUCK' || this.pending || (this.orderMode === 'REFUSED' && this.refusalsLeft-- > 0)) {
        this.ordersRefused++;
        throw inProgress();
      }
      this.refusalsLeft = 2;
      this.ordersTaken++;
      if (this.orderMode === 'INSTANT') {
        this.apply(weights);
      } else {
        this.pending = { weights, describesLeft: this.describesToSettle };
      }
      return {};
    });
    a.cloudformation.on(DescribeStacksCommand).callsFake(() => ({ Stacks: [{ StackName: 'stack', StackStatus: this.stackStatus, CreationTime: new Date(0) }] }));
    a.sfn.on(StartExecutionCommand).callsFake((input) => {
      const arn = `arn:aws:states:us-east-1:123456789012:execution:rollout:${input.name}`;
      // Names are unique per state machine: the same name and input while running is the same execution (Step
      // Functions' idempotent StartExecution); anything else is ExecutionAlreadyExists.
      const existing = this.executions.get(arn);
      if (existing) {
        if (existing.status === 'RUNNING' && JSON.stringify(existing.input) === input.input) return { executionArn: arn };
        throw Object.assign(new Error(`Execution Already Exists: '${arn}'`), { name: 'ExecutionAlreadyExists' });
      }
      this.executions.set(arn, { status: 'RUNNING', input: JSON.parse(input.input) });
      return { executionArn: arn };
    });
    a.sfn.on(StopExecutionCommand).callsFake((input) => {
      const e = this.executions.get(input.executionArn);
      if (!e || e.status !== 'RUNNING') throw Object.assign(new Error('Execution is not running'), { name: 'ExecutionDoesNotExist' });
      e.status = 'ABORTED';
      return {};
    });
    a.sfn.on(DescribeExecutionCommand).callsFake((input) => ({ status: this.executions.get(input.executionArn)?.status }));
    a.cloudwatch.on(DescribeAlarmsCommand).callsFake((input) => ({
      MetricAlarms: (input.AlarmNames ?? []).map((n: string) => ({ AlarmName: n, StateValue: 'OK' })),
    }));
    a.cloudwatch.on(GetMetricStatisticsCommand).resolves({ Datapoints: [{ Sum: 1000 }] });
    a.cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    a.sns.on(PublishCommand).resolves({});
    a.events.on(PutEventsCommand).resolves({ FailedEntryCount: 0 });
    a.dynamo.on(GetCommand).callsFake(() => ({ Item: this.item && structuredClone(this.item) }));
    a.dynamo.on(PutCommand).callsFake((input) => {
      const terminal = ['PROMOTED', 'ROLLED_BACK', 'ABORTED', 'FAILED'];
      if (this.item && !terminal.includes(this.item.state.phase)) {
        throw Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });
      }
      this.item = structuredClone(input.Item) as RolloutRecord;
      return {};
    });
    a.dynamo.on(UpdateCommand).callsFake((input) => {
      const v = input.ExpressionAttributeValues;
      const cur = this.item;
      const fail = () => { throw Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' }); };
      if (!cur || cur.rolloutId !== v[':rolloutId'] || (cur.version ?? undefined) !== v[':prevVersion']) fail();
      const next: any = { ...cur, state: v[':state'], history: v[':history'], updatedAt: v[':now'], version: v[':version'] };
      if (String(input.UpdateExpression).includes('REMOVE #command')) delete next.command;
      this.item = structuredClone(next);
      return {};
    });
  }

  /** A pending order takes effect (the endpoint leaves Updating). */
  async settle(): Promise<void> {
    this.settleNow();
  }

  private settleNow(): void {
    if (this.pending) this.apply(this.pending.weights);
    this.pending = undefined;
  }

  private apply(weights: Record<string, number>): void {
    for (const [v, w] of Object.entries(weights)) this.endpoint.slots[v].weight = w;
  }

  setOrderMode(mode: OrderMode): void {
    this.orderMode = mode;
  }

  setStackStatus(status: string): void {
    this.stackStatus = status;
  }

  async createEndpoint(models: Models): Promise<void> {
    this.endpoint = { exists: true, slots: { blue: { model: models.blue, weight: 100 }, green: { model: models.green, weight: 0 } } };
  }

  /** New models, weights retained (RetainAllVariantProperties); in memory the update is instant. */
  async updateEndpoint(models: Models): Promise<void> {
    for (const [v, m] of Object.entries(models)) this.endpoint.slots[v].model = m;
  }

  async deleteEndpoint(): Promise<void> {
    this.endpoint.exists = false;
  }

  throttleStartExecution(): void {
    this.aws.sfn.on(StartExecutionCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
  }

  alarmWhileGreenServes(): void {
    this.aws.cloudwatch.on(DescribeAlarmsCommand).callsFake((input) => ({
      MetricAlarms: (input.AlarmNames ?? []).map((n: string) => ({ AlarmName: n,
        StateValue: n === 'green-5xx' && this.endpoint.slots.green.weight > 0 ? 'ALARM' : 'OK' })),
    }));
  }

  async running(): Promise<Execution[]> {
    return [...this.executions.entries()].filter(([, e]) => e.status === 'RUNNING').map(([arn, e]) => ({ arn, input: e.input }));
  }

  async isRunning(arn: string): Promise<boolean> {
    return this.executions.get(arn)?.status === 'RUNNING';
  }

  async endExecution(arn: string, status: 'SUCCEEDED' | 'FAILED'): Promise<void> {
    this.executions.get(arn)!.status = status;
  }

  async executionCount(): Promise<number> {
    return this.executions.size;
  }

  async slots(): Promise<Record<string, Slot> | undefined> {
    return this.endpoint.exists ? structuredClone(this.endpoint.slots) : undefined;
  }

  async record(): Promise<RolloutRecord | undefined> {
    return this.item;
  }

  orders(): { refused: number; taken: number } {
    return { refused: this.ordersRefused, taken: this.ordersTaken };
  }

  /** No asynchronous invocations here: no rollback function is configured, so nothing is handed off. */
  deadLetters(): string[] {
    return [];
  }

  advance(seconds: number): void {
    this.clock.advance(seconds);
  }

  async dispose(): Promise<void> {
    this.clock.restore();
    this.aws.restore();
  }
}
