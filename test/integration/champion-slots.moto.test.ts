/**
 * Approval → deploy → guarded rollout on a three-variant endpoint in moto_server (blue 90 / green 0 / challenger 10):
 * `cdk-mlops champion-slots` reads the stack's outputs (CloudFormation), the approved version (SSM), the endpoint's
 * weights (SageMaker) and the rollout record (DynamoDB) and names the context of the next deploy; the drain guard
 * then drains nothing (the approved version lands in the idle slot); the controller's weight orders move only the
 * champion share, so the challenger keeps 10% through a rollout, an alarm rollback and a promotion (moto applies
 * weights at once). Only a real account shows SageMaker applying them over minutes.
 */
import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand } from '@aws-sdk/client-sagemaker';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { main } from '../../bin/cli/main';
import { CliIo } from '../../bin/cli/io';
import { canary, RolloutExecutionInput, RolloutGuardProperties, StepResult } from '../../lambda/core/rollout';
import { handler as controller } from '../../lambda/handlers/rollout-controller';
import { handler as guard } from '../../lambda/handlers/rollout-guard';
import { handler as rollback } from '../../lambda/handlers/rollout-rollback';
import { haveMoto, motoClientConfig } from '../helpers/moto';
import { useMotoWorld } from '../lambda/handlers/moto-fixture';
import { captureLogs } from '../lambda/handlers/support';

const maybe = haveMoto() ? describe : describe.skip;
const V1 = 'arn:aws:sagemaker:us-east-1:123456789012:model-package/iris/1';
const V2 = 'arn:aws:sagemaker:us-east-1:123456789012:model-package/iris/2';
const PARAMETER = '/cdk-mlops/iris/approved-model-package-arn';
const ROLE = 'arn:aws:iam::123456789012:role/sagemaker';

maybe('champion slots against moto: the tool, the drain guard and the controller on blue/green/challenger', () => {
  const ctx = useMotoWorld();
  const endpointName = `slots-${process.pid}`;
  const alarmName = `${endpointName}-green-5xx`;

  beforeAll(async () => {
    process.env.AWS_ACCESS_KEY_ID = 'testing';
    process.env.AWS_SECRET_ACCESS_KEY = 'testing';
    const sm = ctx.world.aws.sagemaker;
    for (const m of ['blue', 'green', 'challenger']) {
      await sm.send(new CreateModelCommand({ ModelName: `${endpointName}-${m}`, ExecutionRoleArn: ROLE,
        PrimaryContainer: { Image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1', ModelDataUrl: 's3://m/model.tar.gz' } }));
    }
    await sm.send(new CreateEndpointConfigCommand({ EndpointConfigName: `${endpointName}-config`,
      ProductionVariants: [['blue', 90], ['green', 0], ['challenger', 10]].map(([v, w]) => ({
        VariantName: v as string, ModelName: `${endpointName}-${v}`, InitialInstanceCount: 1, InstanceType: 'ml.m5.large',
        InitialVariantWeight: w as number })) }));
    await sm.send(new CreateEndpointCommand({ EndpointName: endpointName, EndpointConfigName: `${endpointName}-config` }));
    await ctx.world.aws.cloudwatch.send(new PutMetricAlarmCommand({
      AlarmName: alarmName, Namespace: 'AWS/SageMaker', MetricName: 'Invocation5XXErrors', Statistic: 'Average',
      Dimensions: [{ Name: 'EndpointName', Value: endpointName }, { Name: 'VariantName', Value: 'green' }],
      Period: 60, EvaluationPeriods: 1, Threshold: 0.05, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching',
    }));
  });

  /** A stack in moto with these outputs. */
  async function stackWith(stackName: string, outputs: Record<string, string>): Promise<void> {
    const template = { Resources: { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
      Outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, { Value: v }])) };
    await new CloudFormationClient(motoClientConfig(ctx.moto.endpoint))
      .send(new CreateStackCommand({ StackName: stackName, TemplateBody: JSON.stringify(template) }));
  }
  const outputs = (slots: string, endpoint = endpointName) => ({
    ChampionSlots: slots, EndpointName: endpoint, ApprovedModelParameter: PARAMETER, RolloutTable: ctx.world.tableName,
  });
  const approve = (arn: string) => new SSMClient(motoClientConfig(ctx.moto.endpoint)).send(
    new PutParameterCommand({ Name: PARAMETER, Value: arn, Type: 'String', Overwrite: true }));

  async function slots(...argv: string[]) {
    let out = '';
    let err = '';
    const io: CliIo = { out: (t) => { out += t; }, err: (t) => { err += t; },
      env: { AWS_ENDPOINT_URL: ctx.moto.endpoint, AWS_REGION: 'us-east-1' } };
    const code = await main(['champion-slots', ...argv], io);
    return { code, out, err };
  }
  const weights = () => ctx.world.weights(endpointName);
  const CHALLENGER_KEEPS_10 = { challenger: 10 };

  /** The drain guard for a deploy that changes `slot`'s model, as CloudFormation sends it. */
  const guardFor = (slot: 'blue' | 'green', model: string) => {
    const old: RolloutGuardProperties = { EndpointName: endpointName, Variants: ['blue', 'green'],
      VariantModels: { blue: `${endpointName}-blue`, green: `${endpointName}-green` } };
    return guard({ RequestType: 'Update', PhysicalResourceId: `rollout-guard:${endpointName}`, OldResourceProperties: old,
      ResourceProperties: { ...old, VariantModels: { ...old.VariantModels, [slot]: model } } });
  };

  async function rollout(rolloutId: string, candidate: 'blue' | 'green') {
    const input: RolloutExecutionInput = { endpointName, stableVariant: candidate === 'green' ? 'blue' : 'green', candidateVariant: candidate,
      plan: canary(10, 300, { minInvocationsPerStep: 0 }), alarmNames: [alarmName], rolloutId, candidateModel: `model-${rolloutId}` };
    await controller({ action: 'start', input, executionArn: await ctx.world.startExecution(rolloutId) });
    const step = () => controller({ action: 'step', endpointName, rolloutId }) as Promise<StepResult>;
    await step();
    return step;
  }

  it('first deploy, approval 1 into the idle green, refusal while its rollout runs, rollback, promotion, approval 2 into blue', async () => {
    captureLogs();
    // No stack yet: both slots hold the packaged model.
    expect(await slots('NoSuchStack')).toMatchObject({ code: 0, out: 'blue=packaged,green=packaged\n' });

    await stackWith('Slots1', outputs('blue=packaged,green=packaged'));
    await approve(V1);
    expect(await weights()).toEqual({ blue: 90, green: 0, challenger: 10 });
    const first = await slots('Slots1', '--approved', V1);
    expect(first).toMatchObject({ code: 0, out: `blue=packaged,green=${V1}\n` });
    expect(first.err).toMatch(/goes into green \(idle, weight 0; it held packaged\); blue keeps serving packaged/);
    // The JSON form says which slot changes.
    expect(JSON.parse((await slots('Slots1', '--approved', V1, '--json')).out)).toMatchObject({ decision: 'deploy', changed: 'green', serving: 'blue' });

    // The deploy: the guard finds green already drained and changes no weight.
    expect((await guardFor('green', `${endpointName}-green-v1`)).Data).toEqual({ DrainedVariant: 'green', ServingVariant: 'blue' });
    expect(await weights()).toEqual({ blue: 90, green: 0, challenger: 10 });

    // The rollout's first step moves 10% of the champion share: 9 of 90.
    const step1 = await rollout('slots-r1', 'green');
    expect(await weights()).toEqual({ blue: 81, green: 9, ...CHALLENGER_KEEPS_10 });
    // Another approval while it runs is refused, naming the rollout and the fix; nothing changes.
    const busy = await slots('Slots1', '--approved', V2);
    expect(busy.code).toBe(6);
    expect(busy.err).toMatch(/rollout slots-r1 \(candidate green, phase (SHIFTING|BAKING)\) is still active/);
    expect(busy.err).toContain(`npx cdk-mlops rollout abort ${endpointName}`);
    expect(busy.out).toBe('');
    await step1();

    // An alarm on green rolls back: all of the champion share on blue, the challenger untouched.
    await ctx.world.setAlarm(alarmName, 'ALARM');
    expect((await rollback({ detail: { alarmName, state: { value: 'ALARM', reason: 'breached' } } })).rollouts[0].outcome).toBe('ROLLED_BACK');
    expect(await weights()).toEqual({ blue: 90, green: 0, ...CHALLENGER_KEEPS_10 });
    await ctx.world.setAlarm(alarmName, 'OK');

    // A second rollout of green, promoted by the operator: green takes the whole champion share.
    const step2 = await rollout('slots-r2', 'green');
    expect(await weights()).toEqual({ blue: 81, green: 9, ...CHALLENGER_KEEPS_10 });
    const io: CliIo = { out: () => undefined, err: () => undefined,
      env: { AWS_ENDPOINT_URL: ctx.moto.endpoint, AWS_REGION: 'us-east-1', CDK_MLOPS_ROLLOUT_TABLE: ctx.world.tableName } };
    expect(await main(['rollout', 'promote', endpointName], io)).toBe(0);
    let last: StepResult | undefined;
    for (let i = 0; i < 6 && last?.kind !== 'COMPLETE'; i++) last = await step2();
    expect(last).toMatchObject({ kind: 'COMPLETE' });
    expect(await weights()).toEqual({ blue: 0, green: 90, ...CHALLENGER_KEEPS_10 });

    // The stack now names V1 in green. A deploy without a new version changes no slot.
    await stackWith('Slots2', outputs(`blue=packaged,green=${V1}`));
    expect(await slots('Slots2')).toMatchObject({ code: 0, out: `blue=packaged,green=${V1}\n` });
    // Approval 2 goes into blue, idle since the promotion; its deploy again drains nothing.
    await approve(V2);
    expect(await slots('Slots2', '--approved', V2)).toMatchObject({ code: 0, out: `blue=${V2},green=${V1}\n` });
    expect((await guardFor('blue', `${endpointName}-blue-v2`)).Data).toEqual({ DrainedVariant: 'blue', ServingVariant: 'green' });
    expect(await weights()).toEqual({ blue: 0, green: 90, ...CHALLENGER_KEEPS_10 });
    // A deploy that did not ask for V2 (a code change, say after V2's deploy was rolled back) leaves it out and says how to deploy it.
    const codeChange = await slots('Slots2');
    expect(codeChange).toMatchObject({ code: 0, out: `blue=packaged,green=${V1}\n` });
    expect(codeChange.err).toContain(`the latest approved version ${V2} is in no slot`);
    expect(codeChange.err).toContain(`model_package_arn=${V2}`);
  });

  it('an endpoint that does not exist: no version is placed; a deploy without one goes ahead unchanged', async () => {
    captureLogs();
    await stackWith('SlotsNoEndpoint', outputs(`blue=packaged,green=${V1}`, 'no-such-endpoint'));
    const refused = await slots('SlotsNoEndpoint', '--approved', V2);
    expect(refused.code).toBe(6);
    expect(refused.err).toMatch(/the endpoint of stack SlotsNoEndpoint does not exist/);
    const kept = await slots('SlotsNoEndpoint');
    expect(kept).toMatchObject({ code: 0, out: `blue=packaged,green=${V1}\n` });
    expect(kept.err).toMatch(/no slot changes, so this deploy starts no rollout/);
  });

  it('bad input is a usage error before any AWS call', async () => {
    expect(await slots('Slots1', '--approved', 'arn:aws:sagemaker:us-east-1:123456789012:model-package-group/iris'))
      .toMatchObject({ code: 2 });
    expect((await slots('Slots1', '--approved', 'x')).err).toContain('is not a versioned model package ARN');
  });
});
