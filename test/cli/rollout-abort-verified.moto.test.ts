/**
 * Issue 18, defect 6: `cdk-mlops rollout abort` must not claim what it did not do. The record, the execution and the
 * notifications live in moto_server; the endpoint is an in-memory SageMaker (aws-sdk-client-mock) that can refuse
 * the weight order, which moto cannot. When the order fails, the CLI exits non-zero with the reason and the fix, and
 * no ABORTED record claims that stable holds all traffic; when it succeeds, stable is read back before ABORTED is
 * recorded. (Before the protocol, the abort recorded ABORTED and exited 0 whatever the order did.)
 */
import {
  DescribeEndpointCommand, SageMakerClient, UpdateEndpointWeightsAndCapacitiesCommand, UpdateEndpointWeightsAndCapacitiesCommandInput,
} from '@aws-sdk/client-sagemaker';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { canary, RolloutRecord, weightsFor } from '../../lambda/core/rollout';
import { RolloutTable } from '../../lambda/shared/rollout-table';
import { EXIT } from '../../bin/cli/io';
import { haveMoto } from '../helpers/moto';
import { awsError, endpointView, record } from '../lambda/handlers/mock-world';
import { useMotoWorld } from '../lambda/handlers/moto-fixture';
import { captureLogs } from '../lambda/handlers/support';
import { useMotoCli } from './support';

const maybe = haveMoto() ? describe : describe.skip;
const mockSageMaker = () => mockClient(SageMakerClient);

maybe('rollout abort reads stable back before it records ABORTED (defect 6)', () => {
  const ctx = useMotoWorld();
  let sagemaker: ReturnType<typeof mockSageMaker>;
  let weights: { stable: number; candidate: number };
  /** What the endpoint saw, with the record's phase at that moment. */
  let timeline: string[];
  let table: RolloutTable;
  let n = 0;

  beforeAll(() => {
    table = new RolloutTable(ctx.world.aws.dynamo, ctx.world.tableName);
    sagemaker = mockSageMaker();
  });
  afterAll(() => sagemaker.restore());

  /** A rollout baking its 10% canary on `endpointName`, its execution running in moto. */
  async function baking(): Promise<RolloutRecord> {
    captureLogs();
    const endpointName = `abort-ep-${++n}`;
    const rolloutId = `abort-${n}`;
    const executionArn = await ctx.world.startExecution(rolloutId);
    const rec = record(canary(10, 300, { probe: false }), { phase: 'BAKING', stepIndex: 0, weights: weightsFor(10) },
      { endpointName, rolloutId, executionArn });
    await ctx.world.aws.dynamo.send(new PutCommand({ TableName: ctx.world.tableName, Item: rec }));
    weights = { stable: 90, candidate: 10 };
    timeline = [];
    const phase = async () => (await table.get(endpointName))?.state.phase;
    sagemaker.reset();
    sagemaker.on(DescribeEndpointCommand).callsFake(async () => {
      timeline.push(`read candidate ${weights.candidate} (record ${await phase()})`);
      return { ...endpointView('InService', weights.stable, weights.candidate), EndpointName: endpointName };
    });
    return rec;
  }

  const motoCli = useMotoCli(ctx);
  const cli = (endpointName: string, json = false) => motoCli('rollout', 'abort', endpointName, ...(json ? ['--json'] : []));

  test('the weight order fails: non-zero exit with why and the fix; nothing claims stable holds; the candidate keeps its share', async () => {
    const rec = await baking();
    sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).rejects(awsError('AccessDeniedException',
      'User is not authorized to perform: sagemaker:UpdateEndpointWeightsAndCapacities', 400));

    const run = await cli(rec.endpointName);

    expect(run.code).toBe(EXIT.AWS_ERROR);
    expect(run.err).toContain(`abort of rollout ${rec.rolloutId} on ${rec.endpointName} NOT done`);
    expect(run.err).toContain('not authorized to perform: sagemaker:UpdateEndpointWeightsAndCapacities');
    expect(run.err).toContain(`aws sagemaker describe-endpoint --endpoint-name ${rec.endpointName}`);
    expect(run.err).toContain('run the abort again');
    expect(run.out).not.toContain('aborted');
    const after = (await table.get(rec.endpointName))!;
    expect(after.state.phase).not.toBe('ABORTED');
    expect(after.state).toMatchObject({ phase: 'BAKING', weights: weightsFor(10) });
    // The abort waits in the record: the controller's next step applies it.
    expect(after.command).toBe('ABORT');
    expect(weights).toEqual({ stable: 90, candidate: 10 });
  });

  test('the weight order succeeds: stable read back from the endpoint first, then ABORTED recorded, exit 0', async () => {
    const rec = await baking();
    sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).callsFake(async (input: UpdateEndpointWeightsAndCapacitiesCommandInput) => {
      const w = Object.fromEntries((input.DesiredWeightsAndCapacities ?? []).map((d) => [d.VariantName!, d.DesiredWeight ?? 0]));
      weights = { stable: w.stable, candidate: w.candidate };
      timeline.push(`ordered candidate ${weights.candidate}`);
      return {};
    });

    const run = await cli(rec.endpointName, true);

    expect(timeline).toContain('ordered candidate 0');
    // The read-back that says stable holds came before the record said so.
    expect(timeline.slice(timeline.indexOf('ordered candidate 0') + 1)[0]).toBe('read candidate 0 (record BAKING)');
    expect(run.code).toBe(EXIT.OK);
    expect(JSON.parse(run.out)).toMatchObject({ weightsReset: true, recorded: true, phase: 'ABORTED', execution: 'STOPPED' });
    expect((await table.get(rec.endpointName))!.state).toMatchObject({ phase: 'ABORTED', cause: 'OPERATOR_ABORT', weights: weightsFor(0) });
  });
});
