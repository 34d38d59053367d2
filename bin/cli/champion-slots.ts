/**
 * `cdk-mlops champion-slots`: reads the live state of a reference stack (its outputs, the approved version in SSM,
 * the endpoint's weights, the rollout record), asks the pure decision (lambda/core/training/champion-slots.ts)
 * which slot an approved version goes into, and prints the `championSlots` context for `cdk deploy`.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CHAMPION_SLOTS_OUTPUT, parseChampionSlots, renderChampionSlots } from '../../contracts/champion-slots';
import { parseModelPackageArn } from '../../contracts/model-approval';
import { isTerminal } from '../../lambda/core/rollout';
import { ActiveRollout, ChampionSlotsDecision, ChampionSlotsInput, decideChampionSlots, LiveEndpoint } from '../../lambda/core/training';
import { describeEndpoint } from '../../lambda/shared/endpoint';
import { RolloutTable } from '../../lambda/shared/rollout-table';
import { cliClientConfig } from './client-config';
import { cloudFormationClient, describeStack, StackView } from './cloudformation';

/** The stack outputs the command reads besides ChampionSlots (bin/reference-stack.ts). */
export const STACK_OUTPUTS = { endpoint: 'EndpointName', approvedParameter: 'ApprovedModelParameter', rolloutTable: 'RolloutTable' } as const;

/** The live state one deploy decision needs. */
export interface ChampionSlotsAws {
  describeStack(stackName: string): Promise<StackView | undefined>;
  /** The parameter's value, undefined when it does not exist. */
  getParameter(name: string): Promise<string | undefined>;
  /** Undefined when the endpoint does not exist. */
  describeEndpoint(endpointName: string): Promise<LiveEndpoint | undefined>;
  /** The endpoint's rollout record when it is not terminal. */
  activeRollout(table: string, endpointName: string): Promise<ActiveRollout | undefined>;
}

export async function championSlotsAws(region: string | undefined, env: Readonly<Record<string, string | undefined>>):
Promise<ChampionSlotsAws> {
  const config = cliClientConfig(region, env);
  const ssm = new SSMClient(config);
  const sm = new SageMakerClient(config);
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient(config));
  const cfn = cloudFormationClient(region, env);
  return {
    describeStack: (stackName) => describeStack(cfn, stackName),
    async getParameter(name) {
      try {
        return (await ssm.send(new GetParameterCommand({ Name: name }))).Parameter?.Value;
      } catch (e) {
        if ((e as Error).name === 'ParameterNotFound') return undefined;
        throw e;
      }
    },
    async describeEndpoint(endpointName) {
      try {
        const view = await describeEndpoint(sm, endpointName);
        return { name: endpointName, status: view.status, weights: Object.fromEntries(view.weights) };
      } catch (e) {
        if (/could not find endpoint/i.test((e as Error).message ?? '')) return undefined;
        throw e;
      }
    },
    async activeRollout(table, endpointName) {
      const rec = await new RolloutTable(doc, table).get(endpointName);
      if (!rec || isTerminal(rec.state.phase)) return undefined;
      return { rolloutId: rec.rolloutId, phase: rec.state.phase, candidateVariant: rec.candidateVariant };
    },
  };
}

/** Reads what the decision needs, in order, skipping what the stack does not name. */
export async function liveInput(aws: ChampionSlotsAws, stackName: string, requested: string | undefined,
  warn: (text: string) => void): Promise<ChampionSlotsInput> {
  const stack = await aws.describeStack(stackName);
  if (!stack) return { requested };
  const out = stack.outputs;
  const slotsText = out[CHAMPION_SLOTS_OUTPUT];
  const slots = slotsText === undefined ? undefined : parseChampionSlots(slotsText);
  let approved: string | undefined;
  if (out[STACK_OUTPUTS.approvedParameter]) {
    approved = await aws.getParameter(out[STACK_OUTPUTS.approvedParameter]);
    if (approved !== undefined && !parseModelPackageArn(approved)) {
      warn(`${out[STACK_OUTPUTS.approvedParameter]} holds '${approved}', which is not a versioned model package ARN; it is ignored.`);
      approved = undefined;
    }
  }
  const endpointName = out[STACK_OUTPUTS.endpoint];
  const endpoint = endpointName ? await aws.describeEndpoint(endpointName) : undefined;
  const activeRollout = endpointName && out[STACK_OUTPUTS.rolloutTable]
    ? await aws.activeRollout(out[STACK_OUTPUTS.rolloutTable], endpointName) : undefined;
  return {
    stack: { name: stackName, status: stack.status, ...(slots ? { slots } : {}) },
    ...(endpoint ? { endpoint } : {}),
    ...(activeRollout ? { activeRollout } : {}),
    ...(approved ? { approved } : {}),
    ...(requested ? { requested } : {}),
  };
}

/** The decision as the command prints it with --json. */
export function decisionJson(d: ChampionSlotsDecision): Record<string, unknown> {
  return d.kind === 'refuse' ? { decision: 'refuse', reason: d.reason } : {
    decision: 'deploy', context: renderChampionSlots(d.slots), slots: d.slots,
    changed: d.changed ?? null, serving: d.serving ?? null, reason: d.reason, warnings: d.warnings,
  };
}

export { decideChampionSlots };
