import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import type { ProductionVariantProps } from '../serving/variant';
import { CapacitySize } from './capacity-size';

/** SageMaker's limits on deployment guardrails (API reference of DeploymentConfig). */
const LIMITS = {
  waitSeconds: [0, 3600],
  maxExecutionSeconds: [600, 28800],
  maxRollbackAlarms: 10,
  canaryMaxShare: 0.5,
  linearShare: [0.1, 0.5],
  rollingShare: [0.05, 0.5],
} as const;

/** Options every native deployment configuration takes. */
export interface NativeDeploymentOptions {
  /**
   * Alarms that make SageMaker roll the update back when one fires during the deployment (at most 10).
   * Scope them to the endpoint's variants.
   * @default - no automatic rollback on alarms
   */
  readonly autoRollbackAlarms?: cloudwatch.IAlarm[];
  /**
   * Longest the whole deployment may take, 10 minutes to 8 hours, more than all its waits together.
   * @default - SageMaker's default
   */
  readonly maximumExecutionTimeout?: Duration;
}

/** Options of the blue/green configurations. */
export interface NativeBlueGreenOptions extends NativeDeploymentOptions {
  /**
   * How long the old (blue) fleet stays up after all traffic moved, so that an alarm can still roll back (0–1 hour).
   * @default Duration.seconds(0)
   */
  readonly terminationWait?: Duration;
}

/** Props of `NativeDeploymentConfig.blueGreenAllAtOnce`. */
export interface NativeAllAtOnceProps extends NativeBlueGreenOptions {
  /**
   * How long all traffic on the new fleet is watched before the old fleet is released (0–1 hour).
   * @default Duration.seconds(0)
   */
  readonly waitInterval?: Duration;
}

/** Props of `NativeDeploymentConfig.blueGreenCanary`. */
export interface NativeCanaryProps extends NativeBlueGreenOptions {
  /** Size of the canary: at least 1 instance and at most 50% of each variant's instances. */
  readonly canarySize: CapacitySize;
  /** How long the canary is watched before the rest of the traffic moves (0–1 hour). */
  readonly waitInterval: Duration;
}

/** Props of `NativeDeploymentConfig.blueGreenLinear`. */
export interface NativeLinearProps extends NativeBlueGreenOptions {
  /** Capacity moved at each step: 10–50% of each variant's instances. */
  readonly stepSize: CapacitySize;
  /** How long each step is watched (0–1 hour). */
  readonly waitInterval: Duration;
}

/** Props of `NativeDeploymentConfig.rollingUpdate`. */
export interface NativeRollingUpdateProps extends NativeDeploymentOptions {
  /** Instances updated per batch: 5–50% of the variant's instances. */
  readonly maximumBatchSize: CapacitySize;
  /** How long each batch is watched (0–1 hour). */
  readonly waitInterval: Duration;
  /**
   * Instances rolled back per batch when an alarm fires.
   * @default - all at once
   */
  readonly rollbackMaximumBatchSize?: CapacitySize;
}

/**
 * SageMaker's own deployment guardrails for an endpoint update (`DeploymentConfig` of AWS::SageMaker::Endpoint):
 * blue/green with all-at-once, canary or linear traffic shifting between the old and new fleets, or a rolling
 * update, with automatic rollback on alarms. SageMaker counts canaries in instances, not requests.
 */
export class NativeDeploymentConfig {
  /** New fleet, then all traffic at once; the old fleet is kept `terminationWait` after. */
  public static blueGreenAllAtOnce(options: NativeAllAtOnceProps = {}): NativeDeploymentConfig {
    return new NativeDeploymentConfig('blue/green all-at-once', { blueGreen: options, type: 'ALL_AT_ONCE', wait: options.waitInterval ?? Duration.seconds(0) });
  }

  /** New fleet; a canary share of traffic for `waitInterval`, then the rest. */
  public static blueGreenCanary(props: NativeCanaryProps): NativeDeploymentConfig {
    return new NativeDeploymentConfig('blue/green canary', { blueGreen: props, type: 'CANARY', size: props.canarySize, wait: props.waitInterval });
  }

  /** New fleet; traffic moves in steps of `stepSize` every `waitInterval`. */
  public static blueGreenLinear(props: NativeLinearProps): NativeDeploymentConfig {
    return new NativeDeploymentConfig('blue/green linear', { blueGreen: props, type: 'LINEAR', size: props.stepSize, wait: props.waitInterval });
  }

  /** Instances are replaced in batches of `maximumBatchSize` (one production variant, instance-based only). */
  public static rollingUpdate(props: NativeRollingUpdateProps): NativeDeploymentConfig {
    return new NativeDeploymentConfig('rolling update', { rolling: props, size: props.maximumBatchSize, wait: props.waitInterval });
  }

  private constructor(
    /** What kind of deployment this is, for messages (e.g. `blue/green canary`, `rolling update`). */
    public readonly description: string,
    private readonly spec: Spec,
  ) {
    const o: NativeDeploymentOptions = spec.blueGreen ?? spec.rolling!;
    checkSeconds('waitInterval', spec.wait, LIMITS.waitSeconds);
    if (spec.blueGreen?.terminationWait) checkSeconds('terminationWait', spec.blueGreen.terminationWait, LIMITS.waitSeconds);
    if (o.maximumExecutionTimeout) checkSeconds('maximumExecutionTimeout', o.maximumExecutionTimeout, LIMITS.maxExecutionSeconds);
    const alarms = o.autoRollbackAlarms ?? [];
    if (alarms.length > LIMITS.maxRollbackAlarms) {
      fail('autoRollbackAlarms', `has ${alarms.length} alarms; SageMaker allows at most ${LIMITS.maxRollbackAlarms}. Combine them with a cloudwatch.CompositeAlarm.`);
    }
    const sizes: Array<[string, CapacitySize | undefined]> = [[sizeProp(spec), spec.size], ['rollbackMaximumBatchSize', spec.rolling?.rollbackMaximumBatchSize]];
    for (const [prop, size] of sizes) {
      if (size?.type === 'COPY_COUNT') {
        fail(prop, `is ${size}; an endpoint's deployment moves instances, not inference component copies. Use CapacitySize.instanceCount or CapacitySize.capacityPercent (copies are for an InferenceComponent's rollingUpdate).`);
      }
    }
    if (spec.size && !Token.isUnresolved(spec.size.value) && !(spec.size.value > 0 && Number.isInteger(spec.size.value))) {
      fail(sizeProp(spec), `is ${spec.size}; use a whole number above 0.`);
    }
  }

  /**
   * Renders the configuration for an endpoint with these variants, checking SageMaker's limits against them.
   * @internal
   */
  public _render(variants: ProductionVariantProps[]): sagemaker.CfnEndpoint.DeploymentConfigProperty {
    const { spec } = this;
    const o: NativeDeploymentOptions = spec.blueGreen ?? spec.rolling!;
    const serverless = variants.find((v) => v.serverless);
    if (spec.rolling && (serverless || variants.length > 1)) {
      fail('rollingUpdate', serverless
        ? `is set on an endpoint with the serverless variant '${serverless.variantName}'; SageMaker rolls instances only. Use NativeDeploymentConfig.blueGreenAllAtOnce().`
        : `is set on an endpoint with ${variants.length} production variants; SageMaker supports rolling updates with one variant only. Use a blue/green configuration.`);
    }
    if (spec.size && serverless && !spec.rolling) {
      fail(sizeProp(spec), `is set on an endpoint with the serverless variant '${serverless.variantName}', which has no instances to count; use NativeDeploymentConfig.blueGreenAllAtOnce().`);
    }
    if (spec.size && !Token.isUnresolved(spec.size.value)) {
      for (const v of variants) this.checkSize(v);
    }
    const totalWait = this.totalWaitSeconds(variants);
    const max = o.maximumExecutionTimeout;
    if (max && !max.isUnresolved() && totalWait !== undefined && max.toSeconds() <= totalWait) {
      fail('maximumExecutionTimeout', `is ${max.toSeconds()} s, not more than the deployment's waits (${totalWait} s); SageMaker needs it larger. Raise it above ${totalWait} s.`);
    }
    const autoRollbackConfiguration = o.autoRollbackAlarms && o.autoRollbackAlarms.length > 0
      ? { alarms: o.autoRollbackAlarms.map((a) => ({ alarmName: a.alarmName })) }
      : undefined;
    if (spec.rolling) {
      return {
        autoRollbackConfiguration,
        rollingUpdatePolicy: {
          maximumBatchSize: renderSize(spec.rolling.maximumBatchSize),
          waitIntervalInSeconds: spec.wait.toSeconds(),
          maximumExecutionTimeoutInSeconds: max?.toSeconds(),
          rollbackMaximumBatchSize: spec.rolling.rollbackMaximumBatchSize ? renderSize(spec.rolling.rollbackMaximumBatchSize) : undefined,
        },
      };
    }
    return {
      autoRollbackConfiguration,
      blueGreenUpdatePolicy: {
        maximumExecutionTimeoutInSeconds: max?.toSeconds(),
        terminationWaitInSeconds: spec.blueGreen!.terminationWait?.toSeconds(),
        trafficRoutingConfiguration: {
          type: spec.type!,
          waitIntervalInSeconds: spec.wait.toSeconds(),
          canarySize: spec.type === 'CANARY' ? renderSize(spec.size!) : undefined,
          linearStepSize: spec.type === 'LINEAR' ? renderSize(spec.size!) : undefined,
        },
      },
    };
  }

  private checkSize(v: ProductionVariantProps): void {
    const size = this.spec.size!;
    // The smallest fleet the deployment can meet: autoscaling may have scaled the variant down to minCapacity.
    const instances = Math.min(v.initialInstanceCount ?? 1, v.autoScaling?.minCapacity ?? Infinity);
    if (Token.isUnresolved(instances)) return;
    const share = size.shareOf(instances);
    const prop = sizeProp(this.spec);
    const at = `on variant '${v.variantName}' with ${instances} instance(s)`;
    if (this.spec.type === 'CANARY') {
      if (size.instancesOf(instances) < 1) {
        fail(prop, `is ${size} ${at}, less than one instance; SageMaker's smallest canary is 1 instance. Use CapacitySize.instanceCount(1) on at least 2 instances.`);
      }
      if (share > LIMITS.canaryMaxShare) {
        fail(prop, `is ${size} ${at}, ${pct(share)} of the fleet; SageMaker allows a canary of at most 50% of the instances. ` +
          (instances < 2 ? 'A native canary needs at least 2 instances; for a percent-of-requests canary use a VariantRollout.' : `Use at most ${Math.floor(instances / 2)} instance(s).`));
      }
      return;
    }
    const [lo, hi] = this.spec.type === 'LINEAR' ? LIMITS.linearShare : LIMITS.rollingShare;
    if (share < lo - 1e-9 || share > hi + 1e-9 || size.instancesOf(instances) < 1) {
      fail(prop, `is ${size} ${at}, ${pct(share)} of the fleet; SageMaker needs ${pct(lo)}–${pct(hi)} of the instances and at least 1 instance per step.`);
    }
  }

  /** Seconds of waiting the deployment needs at least, when known. */
  private totalWaitSeconds(variants: ProductionVariantProps[]): number | undefined {
    const { spec } = this;
    if (spec.wait.isUnresolved() || spec.blueGreen?.terminationWait?.isUnresolved()) return undefined;
    const termination = spec.blueGreen?.terminationWait?.toSeconds() ?? 0;
    if (spec.type !== 'LINEAR' && !spec.rolling) return spec.wait.toSeconds() + termination;
    const smallest = Math.min(...variants.map((v) => v.initialInstanceCount ?? 1));
    const share = spec.size!.shareOf(smallest);
    if (!(share > 0) || Token.isUnresolved(smallest)) return undefined;
    // n steps have n - 1 waits between them: a lower bound, so only a certainly-too-short timeout is rejected.
    return (Math.ceil(1 / share - 1e-9) - 1) * spec.wait.toSeconds() + termination;
  }
}

interface Spec {
  readonly blueGreen?: NativeBlueGreenOptions;
  readonly rolling?: NativeRollingUpdateProps;
  readonly type?: 'ALL_AT_ONCE' | 'CANARY' | 'LINEAR';
  readonly size?: CapacitySize;
  readonly wait: Duration;
}

function sizeProp(spec: Spec): string {
  return spec.rolling ? 'maximumBatchSize' : spec.type === 'CANARY' ? 'canarySize' : 'stepSize';
}

function renderSize(s: CapacitySize): sagemaker.CfnEndpoint.CapacitySizeProperty {
  return { type: s.type, value: s.value };
}

function pct(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

function fail(prop: string, message: string): never {
  throw new Error(`NativeDeploymentConfig: ${prop} ${message}`);
}

function checkSeconds(prop: string, d: Duration, [lo, hi]: readonly number[]): void {
  if (d.isUnresolved()) return;
  const ms = d.toMilliseconds();
  if (ms % 1000 !== 0 || ms / 1000 < lo || ms / 1000 > hi) {
    fail(prop, `is ${d.toHumanString()}; SageMaker allows whole seconds from ${lo} to ${hi} (${Duration.seconds(lo).toHumanString()} to ${Duration.seconds(hi).toHumanString()}).`);
  }
}
