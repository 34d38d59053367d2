import { Annotations, CustomResource, Duration, Names, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import { DEFAULT_ERROR_RATE_THRESHOLD, DEFAULT_LATENCY_P99_THRESHOLD } from '../monitoring/variant-alarms';
import { ModelEndpoint } from '../serving/endpoint';
import { DeploymentStrategy } from './deployment-strategy';
import { DEPLOY_WAIT_LIMIT, RolloutController } from './rollout-controller';
import { RolloutPlan } from './rollout-plan';

/** Time a deploy needs beyond the plan's bakes: weight shifts settling, hooks, the trigger's 30 s polling. */
const DEPLOY_MARGIN = Duration.minutes(10);

export interface VariantRolloutProps {
  /** The endpoint whose traffic moves. */
  readonly endpoint: ModelEndpoint;
  /** The production variant that keeps all traffic whenever anything goes wrong (the known-good model). */
  readonly stableVariant: string;
  /**
   * The variant being rolled out: a production variant, or (with `DeploymentStrategy.shadowFirst`) the endpoint's
   * shadow variant. A `cdk deploy` that changes its model starts a rollout.
   */
  readonly candidateVariant: string;
  /** How traffic moves from the stable variant to the candidate. */
  readonly strategy: DeploymentStrategy;
  /**
   * More alarms that roll the candidate back, beside the built-in ones (5XX rate and p99 latency of the candidate,
   * 1-minute period, 1 of 1 datapoints). Scope them to the candidate: an alarm on the whole endpoint can be tripped
   * by the stable model.
   * @default - the built-in candidate alarms only
   */
  readonly alarms?: cloudwatch.IAlarm[];
  /**
   * 5XX error rate (0–1) of the candidate above which the built-in alarm rolls back.
   * @default 0.05
   */
  readonly errorRateThreshold?: number;
  /**
   * p99 model latency of the candidate above which the built-in alarm rolls back.
   * @default Duration.seconds(1)
   */
  readonly latencyP99Threshold?: Duration;
  /**
   * Lambdas run before the candidate takes any traffic, in order; a thrown error or `{ passed: false }` fails the
   * rollout. They get a HookEvent and are allowed to invoke the endpoint.
   * @default - none
   */
  readonly preTrafficHooks?: lambda.IFunction[];
  /**
   * Lambdas run after the final bake, before promotion, in order.
   * @default - none
   */
  readonly postTrafficHooks?: lambda.IFunction[];
  /**
   * Run the library's built-in pre-traffic hook first: it sends the sample payloads of assets/payloads to the
   * candidate variant and checks status and output shape (made for the reference Iris model's CSV interface).
   * @default false
   */
  readonly builtInHook?: boolean;
  /**
   * Start even when a guarding alarm is already in ALARM. The override is logged and reported in the rollout's history.
   * @default false - a firing alarm refuses the start (and fails the deploy)
   */
  readonly overrideFiringAlarms?: boolean;
  /**
   * Start the rollout from `cdk deploy` when the endpoint is created or the candidate's model changes, and fail the
   * deploy (CloudFormation rolls back) when the rollout rolls back or fails. The deploy waits for the outcome, at
   * most one hour. When false, no trigger is created: start rollouts with the CLI (see `executionInput`).
   * @default true
   */
  readonly startOnDeploy?: boolean;
}

/**
 * A variant-level rollout on a ModelEndpoint: the candidate variant's share of requests grows by the strategy's
 * steps (UpdateEndpointWeightsAndCapacities), watched by alarms scoped to the candidate; one firing puts all traffic
 * back on the stable variant within seconds and the rollout (and the deploy that started it) fails loudly.
 * Percent-level canaries (1%, 5%) work here, unlike SageMaker's native canaries, which count instances.
 *
 * Live weights are retained by ModelEndpoint, so after a promotion the candidate holds all traffic: put the next
 * model in the other variant and swap `stableVariant` and `candidateVariant` (blue/green alternation).
 */
export class VariantRollout extends Construct {
  /** The built-in alarms on the candidate (5XX rate, p99 latency). */
  public readonly builtInAlarms: cloudwatch.Alarm[];
  /** Every alarm that rolls the candidate back. */
  public readonly alarms: cloudwatch.IAlarm[];
  /** The plan the controller runs (hook flags set from this rollout's hooks). */
  public readonly plan: RolloutPlan;
  /** The deploy trigger (absent when `startOnDeploy` is false). */
  public readonly resource?: CustomResource;
  /**
   * The input of a rollout execution without its `rolloutId` (RolloutExecutionInput as a JSON string), for starting
   * the rollout from the CLI or your own tooling.
   */
  public readonly executionInput: string;
  /** The shared controller of the stack. */
  public readonly controller: RolloutController;

  constructor(scope: Construct, id: string, props: VariantRolloutProps) {
    super(scope, id);
    const { endpoint, stableVariant: stable, candidateVariant: candidate, strategy } = props;
    validateVariants(endpoint, stable, candidate, strategy);
    const startOnDeploy = props.startOnDeploy ?? true;
    // The deploy waits for the execution's end, which includes the keep-warm window after promotion.
    const deployWait = Duration.seconds(strategy.minimumDuration.toSeconds() + strategy.toPlan().keepOldWarmSeconds);
    if (startOnDeploy && deployWait.toSeconds() + DEPLOY_MARGIN.toSeconds() > DEPLOY_WAIT_LIMIT.toSeconds()) {
      fail('strategy', `'${strategy.name}' takes at least ${deployWait.toHumanString()} (bakes and keep-warm window); with startOnDeploy a ` +
        `deploy waits at most ${DEPLOY_WAIT_LIMIT.toHumanString()} (CloudFormation's custom resource limit) including ${DEPLOY_MARGIN.toHumanString()} ` +
        'for shifts and hooks. Use a shorter strategy, or set startOnDeploy: false and start the rollout with the CLI.');
    }

    this.controller = RolloutController.of(this);
    const builtIn = [
      this.candidateAlarm('ErrorRate', endpoint.metric5xxErrorRate(candidate),
        props.errorRateThreshold ?? DEFAULT_ERROR_RATE_THRESHOLD, 'error-rate'),
      this.candidateAlarm('LatencyP99', endpoint.metricModelLatency(candidate, { statistic: 'p99' }),
        // ModelLatency is in microseconds.
        (props.latencyP99Threshold ?? DEFAULT_LATENCY_P99_THRESHOLD).toMilliseconds() * 1000, 'latency-p99'),
    ];
    this.builtInAlarms = builtIn;
    this.alarms = [...builtIn, ...(props.alarms ?? [])];

    const pre = [...(props.builtInHook ? [this.controller.builtInHookFunction] : []), ...(props.preTrafficHooks ?? [])];
    const post = props.postTrafficHooks ?? [];
    // Hooks validate the candidate by invoking it (with TargetVariant).
    for (const fn of [...(props.preTrafficHooks ?? []), ...post]) endpoint.grantInvoke(fn);
    const base = strategy.toPlan();
    this.plan = { ...base, hooks: { ...base.hooks, preTraffic: pre.length > 0, postTraffic: post.length > 0 } };

    this.controller.register({
      endpoint,
      extraAlarmNames: (props.alarms ?? []).map(literalAlarmName),
      hooks: [...pre, ...post],
      changesEndpointConfig: strategy.hasShadowPhase,
    });
    if (props.overrideFiringAlarms) {
      Annotations.of(this).addInfo(`overrideFiringAlarms: rollouts on ${endpoint.node.path} start even while a guarding alarm fires; each override is logged.`);
    }

    const alarmNames = this.alarms.map(literalAlarmName);
    const candidateModel = modelNameOf(endpoint, candidate);
    this.executionInput = Stack.of(this).toJsonString({
      endpointName: endpoint.endpointName,
      stableVariant: stable,
      candidateVariant: candidate,
      plan: this.plan,
      alarmNames,
      overrideFiringAlarms: props.overrideFiringAlarms ?? false,
      preTrafficHooks: pre.map((f) => f.functionArn),
      postTrafficHooks: post.map((f) => f.functionArn),
      candidateModel,
    });
    if (startOnDeploy) {
      // RolloutTriggerProperties of lambda/core/rollout/contracts.ts (checked by test/rollout/contracts.test.ts).
      this.resource = new CustomResource(this, 'Resource', {
        serviceToken: this.controller.serviceToken,
        resourceType: 'Custom::CdkMlopsRollout',
        properties: {
          EndpointName: endpoint.endpointName,
          StableVariant: stable,
          CandidateVariant: candidate,
          // A new candidate model is what starts a rollout.
          CandidateModel: candidateModel,
          // One JSON string: CloudFormation passes scalars as strings, and the plan has numbers.
          Plan: Stack.of(this).toJsonString(this.plan),
          AlarmNames: alarmNames,
          OverrideFiringAlarms: props.overrideFiringAlarms ? 'true' : 'false',
          PreTrafficHooks: pre.map((f) => f.functionArn),
          PostTrafficHooks: post.map((f) => f.functionArn),
        },
      });
      // The endpoint update (the new candidate model) must be live before the rollout starts.
      this.resource.node.addDependency(endpoint);
    }
  }

  /** Rollouts of the stack that ended rolled back or failed. @default - Sum over 5 minutes */
  public metricRollbacks(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.controller.metricRollbacks(props);
  }

  private candidateAlarm(id: string, metric: cloudwatch.IMetric, threshold: number, suffix: string): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      // The controller's rule matches this prefix, so 30 endpoints need no listing of names.
      alarmName: `${this.controller.alarmNamePrefix}${Names.uniqueResourceName(this, { maxLength: 96 })}-${suffix}`,
      metric,
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      // Fast detection: one bad minute of the candidate rolls it back.
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      // No requests: nothing failed, and an idle candidate must not block or roll back a rollout.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `cdk-mlops rollout ${this.node.path}: candidate ${suffix} above ${threshold} for 1 minute rolls the candidate back.`,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.controller.topic));
    return alarm;
  }
}

function fail(prop: string, message: string): never {
  throw new Error(`VariantRollout: ${prop} ${message}`);
}

function validateVariants(endpoint: ModelEndpoint, stable: string, candidate: string, strategy: DeploymentStrategy): void {
  if (Token.isUnresolved(stable) || Token.isUnresolved(candidate)) {
    fail('stableVariant/candidateVariant', 'is a token; use the variant names given to the ModelEndpoint.');
  }
  const production = endpoint.variantNames;
  const list = `production variants: ${production.join(', ')}${endpoint.shadowVariantName ? `; shadow variant: ${endpoint.shadowVariantName}` : ''}`;
  if (stable.toLowerCase() === candidate.toLowerCase()) {
    fail('candidateVariant', `is '${candidate}', the same as stableVariant (SageMaker compares names case-insensitively); roll out into the other variant (${list}).`);
  }
  if (!production.includes(stable)) {
    fail('stableVariant', `'${stable}' is not a production variant of ${endpoint.node.path} (${list}).`);
  }
  const isShadow = candidate === endpoint.shadowVariantName;
  if (!production.includes(candidate) && !isShadow) {
    fail('candidateVariant', `'${candidate}' is not a variant of ${endpoint.node.path} (${list}).`);
  }
  if (isShadow && !strategy.hasShadowPhase) {
    fail('candidateVariant', `'${candidate}' is the shadow variant, but strategy '${strategy.name}' shifts weights, which needs the candidate ` +
      'as a second production variant. Add it to `variants` (with initialWeight 0), or use DeploymentStrategy.shadowFirst({ ... }).');
  }
  const weights = productionWeights(endpoint);
  const others = production.filter((v) => v !== stable && v !== candidate && (weights.get(v) ?? 1) !== 0);
  if (others.length > 0) {
    fail('endpoint', `has production variant(s) ${others.join(', ')} beside '${stable}' and '${candidate}' with a weight above 0; a rollout's ` +
      'percentages assume only the stable and candidate variants answer. Give them initialWeight 0 or move them to another endpoint.');
  }
  if (strategy.hasShadowPhase && production.some((v) => v !== stable && v !== candidate)) {
    fail('strategy', `'${strategy.name}' starts with a shadow run, which SageMaker allows beside exactly one production variant; ` +
      `remove the variants other than '${stable}' and '${candidate}'.`);
  }
  if (!isShadow && (weights.get(candidate) ?? 0) !== 0) {
    Annotations.of(endpoint).addWarningV2('cdk-mlops:candidateInitialWeight',
      `Candidate variant '${candidate}' has an initial weight above 0, so it takes traffic when the endpoint is created, before any rollout. Give it initialWeight 0.`);
  }
}

/**
 * The alarm's name as a literal when it was given one, else its token: a literal costs its own length in the
 * EventBridge pattern, a token is budgeted at CloudWatch's maximum of 255 characters.
 */
function literalAlarmName(alarm: cloudwatch.IAlarm): string {
  const cfn = alarm.node.defaultChild;
  if (cfn instanceof cloudwatch.CfnAlarm && typeof cfn.alarmName === 'string' && !Token.isUnresolved(cfn.alarmName)) {
    return cfn.alarmName;
  }
  return alarm.alarmName;
}

function renderedVariants(endpoint: ModelEndpoint): sagemaker.CfnEndpointConfig.ProductionVariantProperty[] {
  const cfg = endpoint.endpointConfig;
  const all = [cfg.productionVariants, cfg.shadowProductionVariants ?? []];
  return all.flatMap((v) => (Array.isArray(v) ? v as sagemaker.CfnEndpointConfig.ProductionVariantProperty[] : []));
}

function productionWeights(endpoint: ModelEndpoint): Map<string, number | undefined> {
  const production = Array.isArray(endpoint.endpointConfig.productionVariants)
    ? endpoint.endpointConfig.productionVariants as sagemaker.CfnEndpointConfig.ProductionVariantProperty[] : [];
  return new Map(production.map((v) => [v.variantName, v.initialVariantWeight]));
}

function modelNameOf(endpoint: ModelEndpoint, variant: string): string {
  const found = renderedVariants(endpoint).find((v) => v.variantName === variant);
  if (!found?.modelName) {
    fail('candidateVariant', `'${variant}': cannot find its model in the configuration of ${endpoint.node.path}.`);
  }
  return found.modelName;
}
