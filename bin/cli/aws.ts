/**
 * AWS access of the CLI. Self-contained (only lambda/core is shipped with the CLI, not the handlers' helpers):
 * read the rollout record, leave an operator command, read alarms and the endpoint, reset weights on abort.
 */
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeEndpointCommand, SageMakerClient, UpdateEndpointWeightsAndCapacitiesCommand,
} from '@aws-sdk/client-sagemaker';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  AlarmSignal, AlarmState, OperatorCommand, RolloutRecord, TERMINAL_PHASES, VariantWeights,
} from '../../lambda/core/rollout';

export interface CliAws {
  getRecord(endpointName: string): Promise<RolloutRecord | undefined>;
  /** The updated record, or undefined when no active rollout accepted the command. */
  setCommand(endpointName: string, command: OperatorCommand, now: number): Promise<RolloutRecord | undefined>;
  readAlarms(names: readonly string[]): Promise<AlarmSignal[]>;
  readEndpoint(endpointName: string, stable: string, candidate: string):
  Promise<{ status: string; weights: VariantWeights }>;
  /** Orders the split, retrying while throttled or while the endpoint is Updating, for at most `budgetMs`. */
  orderWeights(endpointName: string, stable: string, candidate: string, w: VariantWeights, budgetMs: number): Promise<void>;
}

export function cliAws(tableName: string, region: string | undefined, env: Readonly<Record<string, string | undefined>>):
CliAws {
  const config = { region: region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION,
    ...(env.AWS_ENDPOINT_URL ? { endpoint: env.AWS_ENDPOINT_URL } : {}) };
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient(config), { marshallOptions: { removeUndefinedValues: true } });
  const sm = new SageMakerClient(config);
  const cw = new CloudWatchClient(config);
  const terminal = Object.fromEntries(TERMINAL_PHASES.map((p, i) => [`:t${i}`, p]));
  return {
    async getRecord(endpointName) {
      const out = await doc.send(new GetCommand({ TableName: tableName, Key: { endpointName }, ConsistentRead: true }));
      return out.Item as RolloutRecord | undefined;
    },
    async setCommand(endpointName, command, now) {
      try {
        // Same condition as the handlers' table helper: active rollouts only, and a pending ABORT is never softened.
        const out = await doc.send(new UpdateCommand({
          TableName: tableName,
          Key: { endpointName },
          UpdateExpression: 'SET #command = :command, updatedAt = :now ADD #version :one',
          ConditionExpression: `attribute_exists(endpointName) AND NOT (#state.#phase IN (${Object.keys(terminal).join(', ')})) ` +
            'AND (attribute_not_exists(#command) OR #command <> :abort OR :command = :abort)',
          ExpressionAttributeNames: { '#command': 'command', '#version': 'version', '#state': 'state', '#phase': 'phase' },
          ExpressionAttributeValues: { ':command': command, ':now': now, ':one': 1, ':abort': 'ABORT', ...terminal },
          ReturnValues: 'ALL_NEW',
        }));
        return out.Attributes as RolloutRecord;
      } catch (e) {
        if ((e as { name?: string }).name === 'ConditionalCheckFailedException') return undefined;
        throw e;
      }
    },
    async readAlarms(names) {
      if (names.length === 0) return [];
      const found = new Map<string, AlarmState>();
      for (let i = 0; i < names.length; i += 100) {
        const out = await cw.send(new DescribeAlarmsCommand({ AlarmNames: names.slice(i, i + 100) }));
        for (const a of [...(out.MetricAlarms ?? []), ...(out.CompositeAlarms ?? [])]) {
          if (a.AlarmName) found.set(a.AlarmName, (a.StateValue ?? 'INSUFFICIENT_DATA') as AlarmState);
        }
      }
      return names.map((name) => ({ name, state: found.get(name) ?? 'INSUFFICIENT_DATA' }));
    },
    async readEndpoint(endpointName, stable, candidate) {
      const out = await sm.send(new DescribeEndpointCommand({ EndpointName: endpointName }));
      const weight = (n: string) => out.ProductionVariants?.find((v) => v.VariantName === n)?.CurrentWeight ?? 0;
      const s = weight(stable);
      const c = weight(candidate);
      const total = s + c;
      return {
        status: out.EndpointStatus ?? 'Unknown',
        weights: total > 0 ? { stable: (100 * s) / total, candidate: (100 * c) / total } : { stable: 0, candidate: 0 },
      };
    },
    async orderWeights(endpointName, stable, candidate, w, budgetMs) {
      if (!(w.stable + w.candidate > 0)) throw new Error('refusing to order weights that sum to 0');
      const deadline = Date.now() + budgetMs;
      for (let attempt = 1; ; attempt++) {
        try {
          await sm.send(new UpdateEndpointWeightsAndCapacitiesCommand({
            EndpointName: endpointName,
            DesiredWeightsAndCapacities: [
              { VariantName: stable, DesiredWeight: w.stable }, { VariantName: candidate, DesiredWeight: w.candidate },
            ],
          }));
          return;
        } catch (e) {
          const err = e as { name?: string; message?: string };
          const retryable = err.name === 'ThrottlingException' || (err.name === 'ValidationException' &&
            /in-progress endpoint/i.test(err.message ?? ''));
          const delay = Math.min(5000, 250 * 2 ** attempt);
          if (!retryable || Date.now() + delay > deadline) throw e;
          await new Promise((r) => setTimeout(r, delay));
        }
      }
    },
  };
}
