import { ArnFormat, CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { ComponentGuardProperties, ROLLOUT_VERDICT_METRIC } from '../../contracts/component-rollout';
import { CAPACITY_WAIT_SECONDS } from '../../contracts/rollout-bounds';
import { ROLLOUT_ENV } from '../../contracts/rollout-env';
import { componentPlan } from '../../contracts/component-plan';
import { InferenceComponentAlarms } from '../monitoring/inference-component-alarms';
import { acknowledgeKeyGrant, acknowledgeWildcards } from '../private/nag';
import { requireProps } from '../private/validation/checks';
import { invalidProp, ownerOf } from '../private/validation/fail';
import { InferenceComponent } from '../serving/inference-component';
import { InferenceComponentEndpoint } from '../serving/inference-component-endpoint';
import { ComponentRolloutProps } from './component-rollout-props';
import { DeploymentStrategy } from './deployment-strategy';
import { RolloutController } from './rollout-controller';
import { acknowledgeProviderFramework, rolloutFunction } from './private/rollout-function';
import { checkWorstCase } from './private/worst-case';

/** SageMaker's limit of AutoRollbackConfiguration.Alarms. */
const MAX_ROLLBACK_ALARMS = 10;
/** The component's own minutes before its rolling update that the statistical gate compares the update with. */
const BASELINE = Duration.hours(1);
/** How long the guard holds the deploy for the copy canary (the Provider framework's wait). */
const GUARD_WAIT = Duration.minutes(55);

/**
 * Rolls out a new model of an inference component (one model per component, callers address it by name, so there are
 * no weights across components). Two mechanisms, one protocol (the controller's transition):
 *
 * - copy canary (default): before CloudFormation touches the live component, a guard it depends on has the controller
 *   create a temporary candidate component with the strategy's first share of the copies, wait until its copies
 *   serve, replay captured production requests to it (it answers nobody) and judge it with its own alarms and the
 *   shadow gates, then delete it. A bad candidate fails the deploy before the live component changes.
 * - SageMaker's rolling update, guarded: CloudFormation then updates the live component a batch of copies at a time;
 *   the rolling update's AutoRollbackConfiguration holds the component's alarms and the rollout verdict alarm, which
 *   the controller sets at each check, so its judgement stops (and SageMaker rolls back) a bad update.
 *
 * @example
 * declare const ranker: InferenceComponent;
 * new ComponentRollout(this, 'RankerRollout', {
 *   component: ranker,
 *   strategy: DeploymentStrategy.canary({ percentage: 25, interval: Duration.minutes(5) }),
 * });
 */
export class ComponentRollout extends Construct {
  /** The alarm on the controller's verdict, in the rolling update's AutoRollbackConfiguration. */
  public readonly verdictAlarm: cloudwatch.Alarm;
  /** The temporary candidate's alarms (with `copyCanary`), which end the copy canary. */
  public readonly canaryAlarms?: InferenceComponentAlarms;
  /** The temporary candidate component's name (with `copyCanary`). */
  public readonly canaryComponentName?: string;
  /** The guard the live component depends on. */
  public readonly guard: CustomResource;

  constructor(scope: Construct, id: string, props: ComponentRolloutProps) {
    requireProps(ownerOf('ComponentRollout', `${scope.node.path}/${id}`), props, ['component']);
    super(scope, id);
    const where = ownerOf('ComponentRollout', this.node.path);
    const component = props.component;
    if (!(component instanceof InferenceComponent)) {
      invalidProp(where, 'component', component.node.path, 'It is imported; a rollout needs an InferenceComponent of this app ' +
        '(it guards the component\'s deploys). Pass the InferenceComponent construct itself.');
    }
    const rolling = component.rollingUpdate;
    if (!rolling) {
      invalidProp(where, 'component.rollingUpdate', rolling, `${component.node.path} has no rollingUpdate; the rest of the copies follow by ` +
        'SageMaker\'s rolling update, which this rollout guards. Give the component rollingUpdate: { maximumBatchSize: ' +
        'CapacitySize.copyCount(1), waitInterval: Duration.minutes(5) }.');
    }
    const controller = props.controller ?? RolloutController.of(this);
    const strategy = props.strategy ?? DeploymentStrategy.canary({ percentage: 10, interval: Duration.minutes(5) });
    const copyCanary = props.copyCanary ?? true;
    const endpoint = component.endpoint;
    const capture = endpoint instanceof InferenceComponentEndpoint ? endpoint.dataCaptureLocation : undefined;
    if (copyCanary && !capture) {
      invalidProp(where, 'copyCanary', copyCanary, 'The copy canary replays the endpoint\'s captured requests to the temporary candidate, but ' +
        `${endpoint.node.path} has no dataCapture. Give the endpoint dataCapture, or set copyCanary: false (the rolling update alone).`);
    }
    const planned = componentPlan(strategy._toPlan(), { copies: component.copyCount, copyCanary,
      rollingUpdateSeconds: rollingUpdateBound(rolling, component.copyCount) });
    try {
      checkWorstCase(strategy.name, planned.plan, true, { preTraffic: 0, postTraffic: 0 }); // a component rollout runs no hooks
    } catch (e) {
      throw new Error(`${where}: ${(e as Error).message.replace(/^VariantRollout: /, '')} For a component, the step to 100% is ` +
        'its rolling update: bound it with rollingUpdate.maximumExecutionTimeout, or use fewer, larger batches.');
    }

    this.verdictAlarm = new cloudwatch.Alarm(this, 'VerdictAlarm', {
      alarmDescription: `cdk-mlops rollout verdict of ${component.inferenceComponentName}: the controller's judgement stops the rolling update`,
      metric: new cloudwatch.Metric({ namespace: ROLLOUT_VERDICT_METRIC.namespace, metricName: ROLLOUT_VERDICT_METRIC.metricName,
        dimensionsMap: { [ROLLOUT_VERDICT_METRIC.dimension]: component.inferenceComponentName },
        period: Duration.seconds(ROLLOUT_VERDICT_METRIC.periodSeconds), statistic: 'Maximum' }),
      threshold: 1, evaluationPeriods: 1, comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const rollbackAlarms = [...(rolling.autoRollbackAlarms ?? component.alarms), ...(props.alarms ?? []), this.verdictAlarm];
    if (rollbackAlarms.length > MAX_ROLLBACK_ALARMS) {
      invalidProp(where, 'alarms', props.alarms ?? [], `The rolling update of ${component.node.path} would list ${rollbackAlarms.length} alarms ` +
        `(its own, alarms and the verdict); SageMaker takes at most ${MAX_ROLLBACK_ALARMS}. Pass fewer alarms.`);
    }
    const config = component.resource.deploymentConfig as sagemaker.CfnInferenceComponent.InferenceComponentDeploymentConfigProperty | undefined;
    component.resource.deploymentConfig = { ...config, autoRollbackConfiguration: { alarms: rollbackAlarms.map((a) => ({ alarmName: a.alarmName })) } };

    const stack = Stack.of(this);
    // SageMaker reads the rollback alarms with the endpoint's execution role (AWS's deployment guardrails note).
    if (endpoint instanceof InferenceComponentEndpoint) {
      endpoint.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['cloudwatch:DescribeAlarms'], resources: rollbackAlarms.map((a) => a.alarmArn) }));
    }
    const componentArn = (name: string) => stack.formatArn({ service: 'sagemaker', resource: 'inference-component', resourceName: name });
    let canarySpec: string | undefined;
    const judgedBy = [...(props.alarms ?? [])];
    if (copyCanary) {
      this.canaryComponentName = `${component.inferenceComponentName}-candidate`.slice(0, 63);
      const canary = InferenceComponent.fromInferenceComponentAttributes(this, 'Candidate', { inferenceComponentName: this.canaryComponentName, endpoint });
      this.canaryAlarms = new InferenceComponentAlarms(this, 'CandidateAlarms', { component: canary });
      judgedBy.push(...this.canaryAlarms.alarms);
      const spec = component.resource.specification as { computeResourceRequirements?: Record<string, unknown>; startupParameters?: Record<string, unknown> };
      canarySpec = stack.toJsonString({ componentName: this.canaryComponentName, copies: planned.canaryCopies,
        specification: { ComputeResourceRequirements: pascal(spec.computeResourceRequirements), ...(spec.startupParameters ? { StartupParameters: pascal(spec.startupParameters) } : {}) } });
    }
    controller._registerAlarmNames(judgedBy.map((a) => a.alarmName));

    // The controller creates, reads and deletes the temporary candidate, reads the live component, publishes the verdict.
    const names = [component.inferenceComponentName, ...(this.canaryComponentName ? [this.canaryComponentName] : [])];
    const componentCalls = new iam.PolicyStatement({
      actions: ['sagemaker:DescribeInferenceComponent', ...(copyCanary ? ['sagemaker:CreateInferenceComponent', 'sagemaker:DeleteInferenceComponent'] : [])],
      resources: names.map(componentArn),
    });
    const endpointCalls = new iam.PolicyStatement({
      actions: ['sagemaker:DescribeEndpoint', ...(copyCanary ? ['sagemaker:CreateInferenceComponent', 'sagemaker:InvokeEndpoint'] : [])],
      resources: [endpoint.endpointArn],
    });
    const verdict = new iam.PolicyStatement({ actions: ['cloudwatch:PutMetricData'], resources: ['*'],
      conditions: { StringEquals: { 'cloudwatch:namespace': ROLLOUT_VERDICT_METRIC.namespace } } });
    for (const s of [componentCalls, endpointCalls, verdict]) controller.controllerFunction.addToRolePolicy(s);
    // The rollback Lambda ends a rollout on a candidate alarm: it deletes the temporary candidate or publishes the stop verdict.
    for (const s of [componentCalls, verdict]) controller.rollbackFunction.addToRolePolicy(s);
    for (const fn of [controller.controllerFunction, controller.rollbackFunction]) {
      // The shared executor makes component calls only where this is set (lambda/shared/rollout-executor/component-calls.ts).
      fn.addEnvironment(ROLLOUT_ENV.COMPONENT_CALLS, '1');
      acknowledgeWildcards(fn, 'PutMetricData has no resource type; the statement is limited to the rollout verdict namespace.', verdict);
    }
    if (capture && copyCanary) {
      const read = capture.bucket.grantRead(controller.controllerFunction, `${capture.prefix}/*`);
      acknowledgeWildcards(controller.controllerFunction, 'The endpoint\'s Data Capture objects under its prefix: their keys are written by SageMaker per hour.', read);
    }

    this.guard = this.guardResource(controller, {
      EndpointName: endpoint.endpointName, VariantName: endpoint.variantName, ComponentName: component.inferenceComponentName,
      Model: component.model.modelName, Plan: stack.toJsonString(planned.plan), ...(canarySpec ? { Canary: canarySpec } : {}),
      AlarmNames: judgedBy.map((a) => a.alarmName), BaselineSeconds: String(BASELINE.toSeconds()),
      ...(capture ? { CaptureBucket: capture.bucket.bucketName, CapturePrefix: capture.prefix } : {}),
      StateMachineArn: controller.stateMachine.stateMachineArn,
    }, [componentCalls, verdict,
      // The guard runs the deploy trigger's bundle, whose executor can order weights: never for a component, but the
      // code is there (a bundle of its own would let this go).
      new iam.PolicyStatement({ actions: ['sagemaker:DescribeEndpoint', 'sagemaker:UpdateEndpointWeightsAndCapacities'], resources: [endpoint.endpointArn] })]);
    // The resource only: the component's alarms and scaling must not wait for the guard (the endpoint role reads them).
    component.resource.node.addDependency(this.guard);
  }

  /** The component guard's provider (onEvent and isComplete from the trigger's bundle) and the resource. */
  private guardResource(controller: RolloutController, properties: ComponentGuardProperties, calls: iam.PolicyStatement[]): CustomResource {
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'GuardRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'cdk-mlops component guard: starts a component rollout and holds the deploy until its copy canary passed' });
    const logWrite = new iam.PolicyStatement({ actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [stack.formatArn({ service: 'logs', resource: 'log-group', arnFormat: ArnFormat.COLON_RESOURCE_NAME, resourceName: '/aws/lambda/*' })] });
    const stacks = new iam.PolicyStatement({ actions: ['cloudformation:DescribeStacks'], resources: [stack.stackId] });
    // The executor reports every rollout event on the default bus, as the deploy trigger does.
    const putEvents = new iam.PolicyStatement({ actions: ['events:PutEvents'],
      resources: [stack.formatArn({ service: 'events', resource: 'event-bus', resourceName: 'default' })] });
    for (const s of [logWrite, stacks, putEvents, ...calls]) role.addToPolicy(s);
    acknowledgeWildcards(role, 'The guard functions\' own log groups; their names are generated by CloudFormation. PutMetricData is limited to the verdict namespace.', logWrite, ...calls);
    controller.table.grantReadWriteData(role);
    controller.historyTable.grantWriteData(role);
    controller.stateMachine.grantStartExecution(role);
    const stop = controller.stateMachine.grantExecution(role, 'states:StopExecution', 'states:DescribeExecution');
    acknowledgeWildcards(role, 'Executions of the one rollout state machine: their names are generated per rollout at run time.', stop);
    controller.topic.grantPublish(role);
    acknowledgeKeyGrant(role);
    const environment = { [ROLLOUT_ENV.TABLE]: controller.table.tableName, [ROLLOUT_ENV.STATE_MACHINE]: controller.stateMachine.stateMachineArn,
      [ROLLOUT_ENV.TOPIC]: controller.topic.topicArn, [ROLLOUT_ENV.COMPONENT_CALLS]: '1' };
    const onEvent = rolloutFunction(this, 'GuardOnEvent', { bundle: 'rollout-trigger', handler: 'index.componentGuardOnEvent', environment,
      timeout: Duration.minutes(1), role, description: 'cdk-mlops component guard: starts the rollout of a component\'s new model' });
    const isComplete = rolloutFunction(this, 'GuardIsComplete', { bundle: 'rollout-trigger', handler: 'index.componentGuardIsComplete', environment,
      timeout: Duration.minutes(1), role, description: 'cdk-mlops component guard: holds the deploy until the copy canary passed' });
    const provider = new cr.Provider(this, 'GuardProvider', { onEventHandler: onEvent, isCompleteHandler: isComplete,
      queryInterval: Duration.seconds(30), totalTimeout: GUARD_WAIT, disableWaiterStateMachineLogging: false,
      waiterStateMachineLogOptions: { destination: new logs.LogGroup(this, 'GuardLogs', { retention: logs.RetentionDays.ONE_MONTH }), level: sfn.LogLevel.ALL } });
    acknowledgeProviderFramework(provider, [onEvent, isComplete], true);
    return new CustomResource(this, 'Guard', { serviceToken: provider.serviceToken, resourceType: 'Custom::CdkMlopsComponentGuard',
      properties: properties as unknown as Record<string, unknown> });
  }
}

/**
 * The longest the rolling update may take: its MaximumExecutionTimeout, else every batch's copies started (the
 * capacity wait, as the controller allows a copy) and watched for the wait interval.
 */
function rollingUpdateBound(r: NonNullable<InferenceComponent['rollingUpdate']>, copies: number): number {
  if (r.maximumExecutionTimeout) return r.maximumExecutionTimeout.toSeconds();
  const perBatch = Math.max(1, Math.floor(r.maximumBatchSize.instancesOf(copies)));
  return Math.ceil(copies / perBatch) * (CAPACITY_WAIT_SECONDS + r.waitInterval.toSeconds());
}

/** CloudFormation's camelCase L1 properties as the API's PascalCase (CreateInferenceComponent's Specification). */
function pascal(o: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined).map(([k, v]) => [k[0].toUpperCase() + k.slice(1), v]));
}
