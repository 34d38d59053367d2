import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { acknowledgeWildcards } from '../../private/nag';
import { DataCaptureLocation } from '../../serving/endpoint-props';
import { IModelEndpoint } from '../../serving/endpoint-base';
import { AlarmRuleSet } from './alarm-rules';
import { DrainGuardProvider } from './drain-guard';
import { GrowingStatement } from './growing-statement';
import { RolloutRegistration } from './registration';

/** The controller's resources a registration widens. */
export interface RolloutRegistryProps {
  readonly controllerFunction: lambda.Function;
  readonly hookRunnerFunction: lambda.Function;
  /** The built-in hook, when it was made. */
  /** UpdateEndpointWeightsAndCapacities + DescribeEndpoint (controller, rollback). */
  readonly sageMakerWeights: GrowingStatement;
  /** UpdateEndpointWeightsAndCapacities + DescribeEndpoint for the deploy trigger (it restores a reverted deploy's slot). */
  readonly triggerEndpoints: GrowingStatement;
  /** DescribeStacks for the deploy trigger, on the stacks whose deploys start rollouts. */
  readonly stackDescribe: GrowingStatement;
  /** DescribeAlarms on the rollouts' own alarms (controller, rollback). */
  readonly userAlarms: GrowingStatement;
  /** InvokeEndpoint for the controller's shadow replay and probe. */
  readonly shadowInvoke: GrowingStatement;
  /** lambda:InvokeFunction on hooks, for the hook runner. */
  readonly hookInvoke: GrowingStatement;
  readonly alarmRules: AlarmRuleSet;
  readonly guard: DrainGuardProvider;
}

/**
 * What the stack's rollouts registered with the controller: each registration widens the shared statements to its
 * endpoint, alarms and hooks (once per endpoint or hook), so one controller serves every rollout of the stack.
 */
export class RolloutRegistry {
  private readonly endpointArns = new Set<string>();
  private readonly hookArns = new Set<string>();

  constructor(private readonly props: RolloutRegistryProps) {}

  /** Registers a rollout: its endpoint, its alarms and its hooks. */
  public register(r: RolloutRegistration): void {
    const p = this.props;
    if (!this.endpointArns.has(r.endpoint.endpointArn)) {
      this.endpointArns.add(r.endpoint.endpointArn);
      for (const s of [p.sageMakerWeights, p.triggerEndpoints]) s.add(r.endpoint.endpointArn);
    }
    if (r.deployStackId !== undefined) p.stackDescribe.add(r.deployStackId);
    this.addAlarmNames(r.extraAlarmNames);
    this.addHooks(r.hooks);
    if (r.captureReplay) this.grantShadowReplay(r.endpoint, r.captureReplay, r.guardedEndpointName ?? r.endpoint.endpointName);
    if (r.guardedEndpointName !== undefined) p.guard.addEndpoint(r.guardedEndpointName);
  }

  /**
   * Routes more alarms (not under the controller's prefix) to the rollback Lambda, and lets the controller and the
   * rollback Lambda read them: a rollout's `alarms` and `addAlarm`.
   */
  public addAlarmNames(names: string[]): void {
    this.props.alarmRules.addAlarmNames(names);
    const stack = Stack.of(this.props.controllerFunction);
    this.props.userAlarms.add(...names.map((name) => stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME })));
  }

  /** Lets the hook runner invoke more hooks of a rollout (once per function): `addPreHook` / `addPostHook`. */
  public addHooks(hooks: lambda.IFunction[]): void {
    const p = this.props;
    for (const fn of hooks) {
      if (this.hookArns.has(fn.functionArn)) continue;
      this.hookArns.add(fn.functionArn);
      const versions = `${fn.functionArn}:*`;
      p.hookInvoke.add(fn.functionArn, versions);
      acknowledgeWildcards(p.hookRunnerFunction, 'Versions and aliases of one hook function.',
        new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [versions] }));
    }
  }

  /**
   * A shadow run by replay: the controller lists and reads the endpoint's captures (`<prefix>/<endpoint>/*` only),
   * decrypts them, and invokes the endpoint (the candidate variant, with TargetVariant).
   */
  private grantShadowReplay(endpoint: IModelEndpoint, capture: DataCaptureLocation, endpointName: string): void {
    const controller = this.props.controllerFunction;
    const keys = `${capture.prefix}/${endpointName}/*`;
    this.props.shadowInvoke.add(endpoint.endpointArn);
    const list = new iam.PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [capture.bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [keys] } },
    });
    const read = new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [capture.bucket.arnForObjects(keys)] });
    controller.addToRolePolicy(list);
    controller.addToRolePolicy(read);
    acknowledgeWildcards(controller, 'Data Capture objects of one endpoint: SageMaker names them by hour and request at run time.', read);
    capture.encryptionKey?.grantDecrypt(controller);
  }
}
