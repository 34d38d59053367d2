import { Annotations, CfnResource, CustomResource, Lazy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { VariantAlarms } from '../monitoring/variant-alarms';
import { ModelEndpoint } from '../serving/endpoint';
import { candidateAlarmTiming, slotCandidateAlarms } from './private/candidate-alarm';
import { literalAlarmName, literalEndpointName, uniqueAlarms } from './private/literal-names';
import { HookPhase, HookPhases } from './private/hook-phases';
import { checkWorstCase } from './private/worst-case';
import { refuseTemplateWeights } from './private/retained-weights';
import { idleInstanceCount } from './private/idle-slot';
import { RolloutController } from './rollout-controller';
import { OnRolloutStatusChangeOptions } from './rollout-events';
import { rolloutStatusRule } from './private/status-rule';
import { RolloutPlan } from '../../contracts/rollout-plan';
import { ROLLOUT_COUNT_METRICS } from '../../contracts/rollout-state-metrics';
import { rolloutCountMetric } from './private/rollout-count-metric';
import { captureProperties, replaysCaptures } from './private/capture-replay';
import type { RolloutGuardProperties, RolloutTriggerProperties } from '../../contracts/rollout-resources';
import type { RolloutExecutionInput } from '../../contracts/rollout-execution';
import { modelNameOf, resolveSlots, rolloutError, validateSlots } from './private/slot-validation';
import { VariantRolloutProps } from './variant-rollout-props';
import { WeightOwnership } from './weight-ownership';
import { rolloutThresholds } from './private/validate-rollout';
import { requestHookFunction } from './private/request-hook-function';
import { requireProps } from '../private/validation/checks';
import { IVariantRollout } from './variant-rollout-base';

/** Endpoints that already have a rollout: two would race for the same weights. */
const rolledOut = new WeakSet<ModelEndpoint>();

/**
 * A variant-level rollout on a ModelEndpoint with two blue/green slots: the candidate slot's share of requests grows
 * by the strategy's steps (UpdateEndpointWeightsAndCapacities), watched by alarms scoped to the candidate; one firing
 * puts all traffic back on the stable slot within seconds and the rollout (and the deploy that started it) fails loudly.
 * Percent-level canaries (1%, 5%) work here, unlike SageMaker's native canaries, which count instances.
 *
 * A deploy that changes one slot's model: (1) the drain guard, which the endpoint depends on, puts that slot at
 * weight 0 and the other at 100 while the old model still serves; (2) CloudFormation updates the endpoint, and the
 * retained weights keep the new model at 0; (3) the trigger starts the rollout with that slot as the candidate.
 * The first deploy (Create) starts no rollout. A deploy that changes both slots fails.
 *
 * The drain guard runs before the endpoint exists in the template's order, so it needs the endpoint's name as a
 * literal: an endpoint without `endpointName` is given a deterministic one (stack name, path and a hash; at most 63
 * characters). Adding a rollout to an existing endpoint with a generated name therefore replaces the endpoint.
 *
 * Alarms and hooks can be given in the props or added later, as aws-codedeploy's `LambdaDeploymentGroup` allows:
 * they are rendered when the app synthesizes.
 *
 * @example
 * const rollout = new VariantRollout(this, 'Rollout', {
 *   endpoint,
 *   strategy: DeploymentStrategy.canary({ percentage: 10, interval: Duration.minutes(10) }),
 * });
 * rollout.addAlarm(businessKpiAlarm);
 * rollout.addPreHook(smokeTestFunction);
 */
export class VariantRollout extends Construct implements IVariantRollout {
  /** The two slots. */
  public readonly variants: string[];
  /** The built-in alarms of both slots (5XX rate and p99 latency of each, for when it is the candidate). */
  public readonly builtInAlarms: cloudwatch.Alarm[];
  /** Every alarm that can roll a candidate back: both slots' built-in alarms and `alarms`. */
  public readonly alarms: cloudwatch.IAlarm[];
  /** The deploy trigger (absent when `startOnDeploy` is false). */
  public readonly resource?: CustomResource;
  /** The drain guard, which the endpoint resource depends on. */
  public readonly guard: CustomResource;
  /** The shared controller of the stack. */
  public readonly controller: RolloutController;
  /** The Lambda of `requestHook` (one per rollout, configured by its environment); absent without one. */
  public readonly requestHookFunction?: lambda.IFunction;

  private readonly endpoint: ModelEndpoint;
  /** The strategy's plan; `plan()` sets its hook flags from this rollout's hooks. */
  private readonly strategyPlan: RolloutPlan;
  private readonly strategyName: string;
  private readonly startOnDeploy: boolean;
  private readonly idleSlotInstanceCount: number;
  private readonly slotAlarms = new Map<string, cloudwatch.Alarm[]>();
  /** `alarms` of the props and of `addAlarm`, in order (rendered lazily). */
  private readonly userAlarms: cloudwatch.IAlarm[] = [];
  /** Pre-/post-traffic hooks of the props and of `addPreHook` / `addPostHook`, in order (rendered lazily). */
  private readonly hooks: HookPhases;
  private readonly overrideFiringAlarms: boolean;
  /** The endpoint's invocation datapoint interval when below a minute (10 or 30 s); undefined: one-minute data. */
  private readonly metricsPeriodSeconds?: number;

  constructor(scope: Construct, id: string, props: VariantRolloutProps) {
    requireProps('VariantRollout', props, ['endpoint', 'strategy']);
    super(scope, id);
    const { endpoint, strategy } = props;
    const slots = resolveSlots(endpoint, props.variants);
    validateSlots(endpoint, slots, strategy);
    // The rollout owns the weights: a deploy must keep the live ones.
    refuseTemplateWeights(this, endpoint);
    if (rolledOut.has(endpoint)) {
      rolloutError('endpoint', `${endpoint.node.path} already has a VariantRollout; two would move the same weights. Use one per endpoint.`);
    }
    rolledOut.add(endpoint);
    // One owner of each weight: an A/B reweighter on these slots would undo the rollout's shifts and rollbacks.
    WeightOwnership.claim(this, endpoint, [...slots], 'a VariantRollout');
    this.startOnDeploy = props.startOnDeploy ?? true;
    this.idleSlotInstanceCount = idleInstanceCount(props.idleSlotInstanceCount);
    this.endpoint = endpoint;
    // Ten-second invocation metrics, so the candidate is judged on real traffic within seconds (the user's metricsConfig wins).
    endpoint._requestRolloutMetrics(this);
    // The endpoint's datapoints as the candidate's alarms, the controller's reads and the count test use them.
    const metricsSeconds = endpoint._invocationMetricsSeconds();
    this.metricsPeriodSeconds = metricsSeconds !== undefined && metricsSeconds < 60 ? metricsSeconds : undefined;
    this.variants = [...slots];
    this.controller = RolloutController.of(this);
    this.hooks = new HookPhases(this.node.path);
    // Thresholds that can fire; ModelLatency is in microseconds.
    const { errorRate, latencyMicros: latency } = rolloutThresholds(props.errorRateThreshold ?? VariantAlarms.DEFAULT_ERROR_RATE_THRESHOLD,
      props.latencyP99Threshold ?? VariantAlarms.DEFAULT_LATENCY_P99_THRESHOLD);
    for (const v of slots) this.slotAlarms.set(v, slotCandidateAlarms(this, this.controller, endpoint.findVariant(v), errorRate, latency,
      candidateAlarmTiming(metricsSeconds)));
    this.builtInAlarms = slots.flatMap((v) => this.slotAlarms.get(v)!);
    this.userAlarms.push(...uniqueAlarms(props.alarms ?? []));
    this.alarms = [...this.builtInAlarms, ...this.userAlarms];
    this.overrideFiringAlarms = props.overrideFiringAlarms ?? false;

    const requestHook = props.requestHook ? requestHookFunction(this, endpoint, props.requestHook) : undefined;
    // The request hook (or the deprecated Iris samples) runs first: a cheap smoke test before the user's checks.
    if (requestHook) this.hooks.add('pre', 'requestHook', requestHook);
    this.requestHookFunction = requestHook;
    for (const fn of props.preTrafficHooks ?? []) this.hooks.add('pre', 'preTrafficHooks', fn);
    for (const fn of props.postTrafficHooks ?? []) this.hooks.add('post', 'postTrafficHooks', fn);
    // Hooks validate the candidate by invoking it (with TargetVariant).
    for (const fn of [...(props.preTrafficHooks ?? []), ...this.hooks.post]) endpoint.grantInvoke(fn);
    this.strategyPlan = strategy._toPlan();
    this.strategyName = strategy.name;
    checkWorstCase(strategy.name, this.plan(), this.startOnDeploy, this.hooks.counts());

    const guardedName = literalEndpointName(endpoint);
    this.controller._register({
      endpoint,
      extraAlarmNames: this.userAlarms.map(literalAlarmName),
      hooks: this.hooks.all(),
      guardedEndpointName: guardedName,
      // shadowFirst and the bake probe: the controller reads this endpoint's captures and sends them to the candidate slot.
      captureReplay: replaysCaptures(this.strategyPlan) ? endpoint.dataCaptureLocation : undefined,
      deployStackId: this.startOnDeploy ? Stack.of(this).stackId : undefined,
    });
    if (this.overrideFiringAlarms) {
      Annotations.of(this).addInfo(`overrideFiringAlarms: rollouts on ${endpoint.node.path} start even while a guarding alarm fires; each override is logged.`);
    }

    const variantModels = Object.fromEntries(slots.map((v) => [v, modelNameOf(endpoint, v)]));
    // RolloutGuardProperties (contracts/rollout-resources.ts). Only literals and models: the endpoint depends on it.
    this.guard = new CustomResource(this, 'Guard', {
      serviceToken: this.controller._guardServiceToken,
      resourceType: 'Custom::CdkMlopsRolloutGuard',
      properties: { EndpointName: guardedName, Variants: [...slots], VariantModels: variantModels } satisfies RolloutGuardProperties,
    });
    (endpoint.node.defaultChild as CfnResource).addResourceDependency(this.guard.node.defaultChild as CfnResource);

    if (this.startOnDeploy) {
      // RolloutTriggerProperties (contracts/rollout-resources.ts).
      this.resource = new CustomResource(this, 'Resource', {
        serviceToken: this.controller._triggerServiceToken,
        resourceType: 'Custom::CdkMlopsRollout',
        properties: {
          EndpointName: endpoint.endpointName,
          Variants: [...slots],
          // The slot whose model changed is the candidate.
          VariantModels: variantModels,
          // One JSON string: CloudFormation passes scalars as strings, and the plan has numbers. Lazy, like the
          // alarms and hooks: addAlarm / addPreHook / addPostHook may still add to them after this constructor.
          Plan: Lazy.string({ produce: () => Stack.of(this).toJsonString(this.plan()) }),
          SlotAlarmNames: Object.fromEntries(slots.map((v) => [v, this.slotAlarms.get(v)!.map(literalAlarmName)])),
          AlarmNames: Lazy.list({ produce: () => this.userAlarms.map(literalAlarmName) }),
          OverrideFiringAlarms: this.overrideFiringAlarms ? 'true' : 'false',
          PreTrafficHooks: Lazy.list({ produce: () => this.hooks.pre.map((f) => f.functionArn) }),
          PostTrafficHooks: Lazy.list({ produce: () => this.hooks.post.map((f) => f.functionArn) }),
          ...captureProperties(this.strategyPlan, this.endpoint),
        } satisfies RolloutTriggerProperties,
      });
      // The endpoint update (the new model, drained to weight 0 by the guard) must be live before the rollout starts.
      this.resource.node.addDependency(endpoint);
    }
  }

  /**
   * Adds an alarm that rolls the candidate back, as `alarms` in the props does (scope it to the candidate yourself).
   * Adding the same alarm again changes nothing.
   * @param alarm the alarm to add
   */
  public addAlarm(alarm: cloudwatch.IAlarm): void {
    if (!alarm) rolloutError('addAlarm', `needs an alarm (cloudwatch.IAlarm); got ${alarm}.`);
    if (this.userAlarms.includes(alarm)) return;
    this.userAlarms.push(alarm);
    this.alarms.push(alarm);
    this.controller._registerAlarmNames([literalAlarmName(alarm)]);
  }

  /**
   * Adds a Lambda run before the candidate takes any traffic, after the hooks already given (same contract as
   * `preTrafficHooks`). It is allowed to invoke the endpoint. Unlike aws-codedeploy's single pre hook, a rollout runs
   * a list of them in order; a function already in the list is refused.
   * @param hook the hook function
   */
  public addPreHook(hook: lambda.IFunction): void {
    this.addHook('pre', 'addPreHook', hook);
  }

  /**
   * Adds a Lambda run after the final bake, before promotion, after the hooks already given (same contract as
   * `postTrafficHooks`). It is allowed to invoke the endpoint; a function already in the list is refused.
   * @param hook the hook function
   */
  public addPostHook(hook: lambda.IFunction): void {
    this.addHook('post', 'addPostHook', hook);
  }

  /** The alarms that guard a rollout whose candidate is `variant`: that slot's built-in ones and `alarms`. */
  public alarmsFor(variant: string): cloudwatch.IAlarm[] {
    return [...this.slotOrFail(variant), ...this.userAlarms];
  }

  /**
   * The input of a rollout execution with `candidateVariant` as the candidate and the other slot as the stable one,
   * without its `rolloutId` (RolloutExecutionInput as a JSON string), for starting a rollout with your own tooling.
   */
  public executionInputFor(candidateVariant: string): string {
    this.slotOrFail(candidateVariant);
    // Rendered at synth, so alarms and hooks added after this call are in it too.
    return Lazy.string({ produce: () => Stack.of(this).toJsonString(this.executionInput(candidateVariant)) });
  }

  private executionInput(candidateVariant: string): Omit<RolloutExecutionInput, 'rolloutId'> {
    const capture = captureProperties(this.strategyPlan, this.endpoint);
    return {
      endpointName: this.endpoint.endpointName,
      stableVariant: this.variants.find((v) => v !== candidateVariant)!,
      candidateVariant,
      plan: this.plan(),
      alarmNames: this.alarmsFor(candidateVariant).map(literalAlarmName),
      overrideFiringAlarms: this.overrideFiringAlarms,
      preTrafficHooks: this.hooks.pre.map((f) => f.functionArn),
      postTrafficHooks: this.hooks.post.map((f) => f.functionArn),
      candidateModel: modelNameOf(this.endpoint, candidateVariant),
      ...(capture.CaptureBucket ? { capture: { bucket: capture.CaptureBucket, prefix: capture.CapturePrefix! } } : {}),
    };
  }

  /** The plan the controller runs: the strategy's, with hook flags set from this rollout's hooks as they are now. */
  private plan(): RolloutPlan {
    const plan = { ...this.hooks.planFor(this.strategyPlan), idleSlotInstanceCount: this.idleSlotInstanceCount };
    return this.metricsPeriodSeconds !== undefined ? { ...plan, metricsPeriodSeconds: this.metricsPeriodSeconds } : plan;
  }

  private addHook(phase: HookPhase, method: string, hook: lambda.IFunction): void {
    if (!hook) rolloutError(method, `needs a function (lambda.IFunction); got ${hook}.`);
    this.hooks.refuseRepeat(phase, method, hook);
    checkWorstCase(this.strategyName, this.hooks.planFor(this.strategyPlan, phase), this.startOnDeploy, this.hooks.counts(phase));
    this.hooks.add(phase, method, hook);
    this.endpoint.grantInvoke(hook);
    this.controller._registerHooks([hook]);
  }

  /**
   * Rollouts of this endpoint that ended rolled back, aborted or failed (the executor counts each end once, dimension
   * EndpointName). For every endpoint of the stack, see `RolloutController.metricRollbacks`.
   * @default - Sum over 5 minutes
   */
  public metricRollbacks(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return rolloutCountMetric(this.endpoint.endpointName, ROLLOUT_COUNT_METRICS.rolledBack, props);
  }

  /**
   * Rollouts started on this endpoint.
   * @default - Sum over 5 minutes
   */
  public metricRolloutsStarted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return rolloutCountMetric(this.endpoint.endpointName, ROLLOUT_COUNT_METRICS.started, props);
  }

  /**
   * Rollouts of this endpoint that promoted their candidate.
   * @default - Sum over 5 minutes
   */
  public metricPromotions(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return rolloutCountMetric(this.endpoint.endpointName, ROLLOUT_COUNT_METRICS.promoted, props);
  }

  /**
   * An EventBridge rule on the status changes of this endpoint's rollouts (optionally of some phases only), like
   * aws-cdk-lib's `onXxx` methods: `rollout.onRolloutStatusChange('RolledBack', { phases: [RolloutPhase.ROLLED_BACK], target })`.
   * @param id id of the rule (a child of this construct)
   * @param options the rule's target, and which phases to match
   */
  public onRolloutStatusChange(id: string, options: OnRolloutStatusChangeOptions = {}): events.Rule {
    // The literal name the handlers put in `detail.endpointName` (the same the drain guard uses).
    return rolloutStatusRule(this, id, options, literalEndpointName(this.endpoint));
  }

  private slotOrFail(variant: string): cloudwatch.Alarm[] {
    const alarms = this.slotAlarms.get(variant);
    if (!alarms) throw new Error(`VariantRollout ${this.node.path}: '${variant}' is not one of its slots (${this.variants.join(', ')}).`);
    return alarms;
  }
}
