/**
 * An in-memory AWS for the lifecycle simulation: one endpoint (two slots, models and weights, the configuration's
 * models), the rollout table (conditional writes as DynamoDB does them for RolloutTable), Step Functions executions,
 * and CloudWatch answering "OK, traffic flowing". The real handlers run against it through aws-sdk-client-mock.
 */
import { DescribeAlarmsCommand, GetMetricDataCommand, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DescribeEndpointCommand, DescribeEndpointConfigCommand, UpdateEndpointWeightsAndCapacitiesCommand,
} from '@aws-sdk/client-sagemaker';
import { DescribeExecutionCommand, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RolloutExecutionInput, RolloutRecord } from '../../../lambda/core/rollout';
import { mockAll } from '../handlers/mock-world';

export interface Slot { model: string; weight: number }

export class CfnWorld {
  readonly aws = mockAll();
  endpoint: { exists: boolean; slots: Record<string, Slot> } = { exists: false, slots: {} };
  item: RolloutRecord | undefined;
  readonly executions = new Map<string, { status: string; input: RolloutExecutionInput }>();

  constructor() {
    const a = this.aws;
    a.sagemaker.on(DescribeEndpointCommand).callsFake(() => {
      if (!this.endpoint.exists) throw Object.assign(new Error('Could not find endpoint "ep".'), { name: 'ValidationException' });
      return { EndpointName: 'ep', EndpointStatus: 'InService', EndpointConfigName: 'cfg', CreationTime: new Date(0),
        ProductionVariants: Object.entries(this.endpoint.slots).map(([n, s]) => ({ VariantName: n, CurrentWeight: s.weight, CurrentInstanceCount: 1 })) };
    });
    a.sagemaker.on(DescribeEndpointConfigCommand).callsFake(() => ({
      ProductionVariants: Object.entries(this.endpoint.slots).map(([n, s]) => ({ VariantName: n, ModelName: s.model })),
    }));
    a.sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).callsFake((input) => {
      for (const d of input.DesiredWeightsAndCapacities) this.endpoint.slots[d.VariantName].weight = d.DesiredWeight;
      return {};
    });
    a.sfn.on(StartExecutionCommand).callsFake((input) => {
      const arn = `arn:aws:states:us-east-1:123456789012:execution:rollout:${input.name}`;
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

  /** The model serving each request: the slots with weight above 0. */
  serving(): string[] {
    return Object.values(this.endpoint.slots).filter((s) => s.weight > 0).map((s) => s.model);
  }

  running(): string[] {
    return [...this.executions.entries()].filter(([, e]) => e.status === 'RUNNING').map(([arn]) => arn);
  }
}
