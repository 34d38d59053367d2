/**
 * The lifecycle table's world in moto_server, reached by the shipped bundles (dist/lambda-bundles/<name>/index.js)
 * through the emulating proxy (test/helpers/sagemaker-updating-proxy.ts): SageMaker's Updating state and UpdateEndpoint,
 * the stack's status, the execution's outcome. The test's own reads go to moto directly, so they never move an
 * emulated update along. The bundles' sleeps pass in the test's clock (test/helpers/bundle-sleeps.ts). The rollback
 * Lambda's asynchronous invocations (a restore handed off, an alarm's change to ALARM) run the rollout-rollback bundle
 * after the invoking handler returns, with Lambda's two retries (one and two minutes later), then its dead-letter queue.
 */
import * as path from 'path';
import { PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand, DeleteEndpointCommand,
  DescribeEndpointCommand, DescribeEndpointConfigCommand, SageMakerClient, UpdateEndpointCommand,
} from '@aws-sdk/client-sagemaker';
import { DescribeExecutionCommand, ListExecutionsCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { ROLLOUT_ENV, RolloutExecutionInput, RolloutRecord } from '../../../lambda/core/rollout';
import { RolloutTable } from '../../../lambda/shared/rollout-table';
import { warpBundleSleeps } from '../../helpers/bundle-sleeps';
import { motoClientConfig } from '../../helpers/moto';
import type { OrderMode, SageMakerUpdatingProxy } from '../../helpers/sagemaker-updating-proxy';
import type { MotoWorld } from '../handlers/moto-fixture';
import { controllableClock } from '../handlers/support';
import type { Execution, LifecycleHandlers, LifecycleWorld, Models, Slot } from './lifecycle-world';

const ROOT = path.join(__dirname, '..', '..', '..');
export const bundlePath = (name: string) => path.join(ROOT, 'dist', 'lambda-bundles', name, 'index.js');
const ROLE = 'arn:aws:iam::123456789012:role/rollout';
const ROLLBACK_FUNCTION = 'rollout-rollback';
/** DescribeEndpoint reads CloudFormation makes while it waits for an endpoint update (it polls until InService). */
const CFN_ENDPOINT_POLLS = 20;

type Handler = (event: any) => Promise<any>;

/** The moto server, proxy and bundles one suite shares; each row gets an endpoint of its own. */
export interface MotoSuite {
  readonly moto: MotoWorld;
  readonly proxy: SageMakerUpdatingProxy;
  readonly motoEndpoint: string;
}

/** Points the bundles at the proxy (they build their clients from the environment, as on Lambda) and creates the models. */
export async function prepareSuite(suite: MotoSuite): Promise<void> {
  Object.assign(process.env, { AWS_ENDPOINT_URL: suite.proxy.endpoint, AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', [ROLLOUT_ENV.ROLLBACK_FUNCTION]: ROLLBACK_FUNCTION });
  for (const m of ['m0', 'm1', 'm2']) {
    await suite.moto.aws.sagemaker.send(new CreateModelCommand({ ModelName: m, ExecutionRoleArn: ROLE,
      PrimaryContainer: { Image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1', ModelDataUrl: `s3://m/${m}.tar.gz` } }));
  }
}

let worlds = 0;

export class MotoCfnWorld implements LifecycleWorld {
  static async create(suite: MotoSuite): Promise<MotoCfnWorld> {
    const w = new MotoCfnWorld(suite);
    const cw = suite.moto.aws.cloudwatch;
    for (const names of Object.values(w.slotAlarmNames)) {
      for (const n of names) {
        await cw.send(new PutMetricAlarmCommand({ AlarmName: n, Namespace: 'AWS/SageMaker', MetricName: 'Invocation5XXErrors',
          Statistic: 'Average', Period: 60, EvaluationPeriods: 1, Threshold: 0.05, ComparisonOperator: 'GreaterThanThreshold' }));
        await cw.send(new SetAlarmStateCommand({ AlarmName: n, StateValue: 'OK', StateReason: 'no errors' }));
      }
    }
    return w;
  }

  readonly endpointName = `lc-${process.pid}-${++worlds}`;
  readonly slotAlarmNames = { blue: [`${this.endpointName}-blue-5xx`], green: [`${this.endpointName}-green-5xx`] };
  readonly handlers: LifecycleHandlers;
  private readonly clock = controllableClock();
  private readonly unwarp = warpBundleSleeps(this.clock);
  private readonly proxy: SageMakerUpdatingProxy;
  /** SageMaker straight to moto: the test's reads do not count as the handlers' reads. */
  private readonly sagemaker: SageMakerClient;
  private readonly failedInvocations: string[] = [];
  private alarmOnGreen = false;
  private greenAlarm = 'OK';
  private configs = 0;

  private constructor(private readonly suite: MotoSuite) {
    this.proxy = suite.proxy;
    Object.assign(this.proxy, { orderMode: 'INSTANT', stackStatus: undefined, startExecutionError: undefined, ordersRefused: 0, ordersTaken: 0 });
    this.proxy.asyncInvocations.length = 0;
    this.sagemaker = new SageMakerClient(motoClientConfig(suite.motoEndpoint));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const load = (name: string) => require(bundlePath(name)) as Record<string, Handler>;
    const trigger = load('rollout-trigger');
    this.handlers = {
      guard: this.invoked(load('rollout-guard').handler),
      onEvent: this.invoked(trigger.onEvent),
      isComplete: this.invoked(trigger.isComplete),
      controller: this.invoked(load('rollout-controller').handler),
    };
  }

  /** A handler as Lambda runs it: the alarms as they stand, then any asynchronous invocation it made. */
  private invoked(fn: Handler): Handler {
    return async (event) => {
      await this.syncAlarm();
      try {
        return await fn(event);
      } finally {
        await this.runInvocations();
      }
    };
  }

  private async runInvocations(): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const rollback = (require(bundlePath('rollout-rollback')) as Record<string, Handler>).handler;
    for (let next = this.proxy.asyncInvocations.shift(); next; next = this.proxy.asyncInvocations.shift()) {
      if (next.functionName !== ROLLBACK_FUNCTION) throw new Error(`unexpected asynchronous invocation of ${next.functionName}`);
      let error: unknown;
      for (const retryAfter of [0, 60, 120]) {
        this.advance(retryAfter);
        try {
          await rollback(JSON.parse(next.payload));
          error = undefined;
          break;
        } catch (e) {
          error = e;
        }
      }
      if (error) this.failedInvocations.push(`${next.functionName}: ${(error as Error).message}`);
    }
  }

  /**
   * The green slot's alarm fires while green has weight (CloudWatch would, from its errors); its change to ALARM also
   * reaches the rollback Lambda, as EventBridge delivers it.
   */
  private async syncAlarm(): Promise<void> {
    if (!this.alarmOnGreen) return;
    const green = (await this.slots())?.green.weight ?? 0;
    const state = green > 0 ? 'ALARM' : 'OK';
    const alarmName = this.slotAlarmNames.green[0];
    await this.suite.moto.aws.cloudwatch.send(new SetAlarmStateCommand({ AlarmName: alarmName, StateValue: state, StateReason: `green weight ${green}` }));
    if (state === 'ALARM' && this.greenAlarm !== 'ALARM') {
      this.proxy.asyncInvocations.push({ functionName: ROLLBACK_FUNCTION,
        payload: JSON.stringify({ detail: { alarmName, state: { value: 'ALARM', reason: 'green errors' } } }) });
      await this.runInvocations();
    }
    this.greenAlarm = state;
  }

  setOrderMode(mode: OrderMode): void {
    this.proxy.orderMode = mode;
  }

  setStackStatus(status: string): void {
    this.proxy.stackStatus = status;
  }

  /** A configuration for the models, with the template's weights (all traffic on blue). */
  private async config(models: Models): Promise<string> {
    const name = `${this.endpointName}-cfg-${++this.configs}`;
    await this.sagemaker.send(new CreateEndpointConfigCommand({ EndpointConfigName: name,
      ProductionVariants: Object.entries(models).map(([v, m]) => ({ VariantName: v, ModelName: m, InitialInstanceCount: 1,
        InstanceType: 'ml.m5.large', InitialVariantWeight: v === 'blue' ? 100 : 0 })) }));
    return name;
  }

  async createEndpoint(models: Models): Promise<void> {
    await this.sagemaker.send(new CreateEndpointCommand({ EndpointName: this.endpointName, EndpointConfigName: await this.config(models) }));
  }

  /** Through the proxy, as CloudFormation calls it: waits for InService, updates, and waits for InService again. */
  async updateEndpoint(models: Models): Promise<void> {
    const viaProxy = new SageMakerClient(motoClientConfig(this.proxy.endpoint));
    const inService = async () => {
      for (let i = 0; i < CFN_ENDPOINT_POLLS; i++) {
        const out = await viaProxy.send(new DescribeEndpointCommand({ EndpointName: this.endpointName }));
        if (out.EndpointStatus === 'InService') return;
      }
      throw new Error(`${this.endpointName} stayed Updating for ${CFN_ENDPOINT_POLLS} reads`);
    };
    await inService();
    await viaProxy.send(new UpdateEndpointCommand({ EndpointName: this.endpointName, EndpointConfigName: await this.config(models),
      RetainAllVariantProperties: true }));
    await inService();
    viaProxy.destroy();
  }

  async deleteEndpoint(): Promise<void> {
    await this.sagemaker.send(new DeleteEndpointCommand({ EndpointName: this.endpointName }));
  }

  throttleStartExecution(): void {
    this.proxy.startExecutionError = { type: 'ThrottlingException', message: 'Rate exceeded' };
  }

  alarmWhileGreenServes(): void {
    this.alarmOnGreen = true;
  }

  /** This endpoint's executions (the state machine is shared by the suite's rows). */
  private async executions(status?: 'RUNNING'): Promise<Execution[]> {
    const sfn = this.suite.moto.aws.sfn;
    const list = await sfn.send(new ListExecutionsCommand({ stateMachineArn: this.suite.moto.stateMachineArn, statusFilter: status }));
    const all = await Promise.all((list.executions ?? []).map(async (e) => {
      const d = await sfn.send(new DescribeExecutionCommand({ executionArn: e.executionArn! }));
      return { arn: e.executionArn!, input: JSON.parse(d.input ?? '{}') as RolloutExecutionInput };
    }));
    return all.filter((e) => e.input.endpointName === this.endpointName);
  }

  running(): Promise<Execution[]> {
    return this.executions('RUNNING');
  }

  async isRunning(arn: string): Promise<boolean> {
    const d = await this.suite.moto.aws.sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    return d.status === 'RUNNING';
  }

  /** moto never runs the state machine: the execution is stopped there, and the proxy reports its outcome. */
  async endExecution(arn: string, status: 'SUCCEEDED' | 'FAILED'): Promise<void> {
    await this.suite.moto.aws.sfn.send(new StopExecutionCommand({ executionArn: arn }));
    this.proxy.executionOutcomes.set(arn, status);
  }

  async executionCount(): Promise<number> {
    return (await this.executions()).length;
  }

  settle(): Promise<void> {
    return this.proxy.settleAll();
  }

  async slots(): Promise<Record<string, Slot> | undefined> {
    const ep = await this.sagemaker.send(new DescribeEndpointCommand({ EndpointName: this.endpointName })).catch(() => undefined);
    if (!ep) return undefined;
    const configName = this.proxy.configOf(this.endpointName) ?? ep.EndpointConfigName!;
    const cfg = await this.sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: configName }));
    const models = new Map((cfg.ProductionVariants ?? []).map((v) => [v.VariantName!, v.ModelName!]));
    return Object.fromEntries((ep.ProductionVariants ?? []).map((v) => [v.VariantName!,
      { model: models.get(v.VariantName!)!, weight: v.CurrentWeight ?? 0 }]));
  }

  record(): Promise<RolloutRecord | undefined> {
    return new RolloutTable(this.suite.moto.aws.dynamo, this.suite.moto.tableName).get(this.endpointName);
  }

  orders(): { refused: number; taken: number } {
    return { refused: this.proxy.ordersRefused, taken: this.proxy.ordersTaken };
  }

  deadLetters(): string[] {
    return [...this.failedInvocations];
  }

  advance(seconds: number): void {
    this.clock.advance(seconds);
  }

  async dispose(): Promise<void> {
    this.unwarp();
    this.clock.restore();
    this.sagemaker.destroy();
  }
}
