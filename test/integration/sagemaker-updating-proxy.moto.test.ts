/**
 * The emulating proxy in front of moto_server (test/helpers/sagemaker-updating-proxy.ts) answers as SageMaker,
 * CloudFormation and Step Functions do: an order refused while the endpoint is Updating is SageMaker's
 * ValidationException (HTTP 400) "Cannot update in-progress endpoint", which the handlers recognise
 * (isEndpointInProgress); an order lands only after the endpoint was seen Updating on the old weights; UpdateEndpoint
 * keeps the live weights when RetainAllVariantProperties is true and applies the configuration's otherwise.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand, DescribeEndpointCommand, SageMakerClient,
  UpdateEndpointCommand, UpdateEndpointWeightsAndCapacitiesCommand,
} from '@aws-sdk/client-sagemaker';
import { isEndpointInProgress } from '../../lambda/shared/errors';
import { haveMoto, motoClientConfig, MotoServer, startMoto } from '../helpers/moto';
import { SageMakerUpdatingProxy } from '../helpers/sagemaker-updating-proxy';

const maybe = haveMoto() ? describe : describe.skip;

maybe('the SageMaker/CloudFormation emulating proxy', () => {
  let moto: MotoServer;
  let proxy: SageMakerUpdatingProxy;
  let sm: SageMakerClient;
  let endpoints = 0;

  beforeAll(async () => {
    moto = await startMoto();
    proxy = await SageMakerUpdatingProxy.start(moto.endpoint);
    proxy.settleAfterMs = Number.POSITIVE_INFINITY; // by reads only: a slow machine does not settle an order early
    sm = new SageMakerClient(motoClientConfig(proxy.endpoint));
    for (const m of ['a', 'b']) {
      await sm.send(new CreateModelCommand({ ModelName: m, ExecutionRoleArn: 'arn:aws:iam::123456789012:role/r',
        PrimaryContainer: { Image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/x:1' } }));
    }
  });
  afterAll(async () => {
    sm?.destroy();
    await proxy?.stop();
    await moto?.stop();
  });

  const config = async (name: string, model: string) => {
    await sm.send(new CreateEndpointConfigCommand({ EndpointConfigName: name, ProductionVariants: ['blue', 'green'].map((v) => ({
      VariantName: v, ModelName: model, InitialInstanceCount: 1, InstanceType: 'ml.m5.large', InitialVariantWeight: v === 'blue' ? 100 : 0 })) }));
    return name;
  };
  async function endpoint(): Promise<string> {
    const name = `px-${++endpoints}`;
    await sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: await config(`${name}-a`, 'a') }));
    return name;
  }
  const order = (name: string, green: number) => sm.send(new UpdateEndpointWeightsAndCapacitiesCommand({ EndpointName: name,
    DesiredWeightsAndCapacities: [{ VariantName: 'blue', DesiredWeight: 100 - green }, { VariantName: 'green', DesiredWeight: green }] }));
  const describe_ = async (name: string) => {
    const out = await sm.send(new DescribeEndpointCommand({ EndpointName: name }));
    return { status: out.EndpointStatus, config: out.EndpointConfigName,
      weights: Object.fromEntries((out.ProductionVariants ?? []).map((v) => [v.VariantName, v.CurrentWeight ?? 0])) };
  };

  it('SLOW: Updating on the old weights, other orders refused as SageMaker refuses them, then the order lands', async () => {
    proxy.orderMode = 'SLOW';
    const name = await endpoint();
    await order(name, 10);
    expect(await describe_(name)).toMatchObject({ status: 'Updating', weights: { blue: 100, green: 0 } });
    const refused = await order(name, 50).catch((e) => e);
    expect({ name: refused.name, status: refused.$metadata?.httpStatusCode, inProgress: isEndpointInProgress(refused) })
      .toEqual({ name: 'ValidationException', status: 400, inProgress: true });
    expect(refused.message).toMatch(/^Cannot update in-progress endpoint "arn:aws:sagemaker:us-east-1:\d{12}:endpoint\/px-\d+"\.$/);
    expect(await describe_(name)).toMatchObject({ status: 'InService', weights: { blue: 90, green: 10 } });
  });

  it('REFUSED: each order is refused twice, then taken', async () => {
    proxy.orderMode = 'REFUSED';
    const name = await endpoint();
    const before = proxy.ordersRefused;
    await expect(order(name, 10)).rejects.toThrow(/in-progress/);
    await expect(order(name, 10)).rejects.toThrow(/in-progress/);
    await order(name, 10);
    expect(proxy.ordersRefused - before).toBe(2);
    await proxy.settleAll();
    expect((await describe_(name)).weights).toEqual({ blue: 90, green: 10 });
  });

  it('UpdateEndpoint: the new configuration after Updating, live weights kept unless not retained', async () => {
    proxy.orderMode = 'INSTANT';
    const name = await endpoint();
    await order(name, 30);
    await sm.send(new UpdateEndpointCommand({ EndpointName: name, EndpointConfigName: await config(`${name}-b`, 'b'), RetainAllVariantProperties: true }));
    expect(await describe_(name)).toMatchObject({ status: 'Updating', config: `${name}-a` });
    await expect(order(name, 50)).rejects.toThrow(/in-progress/);
    expect(await describe_(name)).toEqual({ status: 'InService', config: `${name}-b`, weights: { blue: 70, green: 30 } });
    await sm.send(new UpdateEndpointCommand({ EndpointName: name, EndpointConfigName: `${name}-a`, RetainAllVariantProperties: false }));
    await proxy.settleAll();
    expect(await describe_(name)).toEqual({ status: 'InService', config: `${name}-a`, weights: { blue: 100, green: 0 } });
  });

  it('DescribeStacks answers the status set; asynchronous invocations are queued, not run', async () => {
    proxy.stackStatus = 'UPDATE_ROLLBACK_IN_PROGRESS';
    const cfn = new CloudFormationClient(motoClientConfig(proxy.endpoint));
    const stacks = await cfn.send(new DescribeStacksCommand({ StackName: 'arn:aws:cloudformation:us-east-1:123456789012:stack/app/1' }));
    expect(stacks.Stacks?.map((s) => [s.StackName, s.StackStatus])).toEqual([['app', 'UPDATE_ROLLBACK_IN_PROGRESS']]);
    const lambda = new LambdaClient(motoClientConfig(proxy.endpoint));
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'f', InvocationType: 'Event', Payload: new TextEncoder().encode('{"x":1}') }));
    expect(out.StatusCode).toBe(202);
    expect(proxy.asyncInvocations).toEqual([{ functionName: 'f', payload: '{"x":1}' }]);
    cfn.destroy();
    lambda.destroy();
  });
});
