import { ArnFormat, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ROLLOUT_ENV, ROLLOUT_METRICS } from '../../contracts/rollout-env';
import { AlarmTopic } from '../monitoring/alarm-topic';
import { acknowledge, acknowledgeWildcards } from '../private/nag';
import { DataCaptureLocation } from '../serving/endpoint-props';
import { IModelEndpoint } from '../serving/endpoint-base';
import { AlarmRuleSet } from './alarm-rules';
import { deployTrigger } from './private/deploy-trigger';
import { ROLLBACK_MAX_WAIT, WEIGHT_HANDLER_TIMEOUT } from './private/limits';
import { RolloutRegistration } from './private/registration';
import { DrainGuardProvider } from './drain-guard';
import { GrowingStatement } from './growing-statement';
import { rolloutFunction } from './rollout-function';
import { rolloutDefinition } from './rollout-state-machine';
import { historyTable, rolloutKey, rolloutMetric, rolloutSignals } from './private/rollout-signals';
import { OnRolloutStatusChangeOptions } from './rollout-events';
import { rolloutStatusRule } from './private/status-rule';
import { EVENT_ROLLOUT_STATUS, EVENT_SOURCE } from '../../contracts/rollout-resources';

/**
 * The machinery every variant-level rollout of a stack shares, created once per stack (`RolloutController.of`):
 * the rollout table, the controller / rollback / built-in hook / deploy-trigger / drain-guard Lambdas, the durable Step Functions
 * state machine, the EventBridge rule(s) that send candidate alarms to the rollback Lambda, and a KMS-encrypted
 * topic for rollback and failure notifications. Per-endpoint resources stay in each VariantRollout.
 */
export class RolloutController extends Construct {
  /** The construct id of the singleton in its stack. */
  public static readonly ID = 'CdkMlopsRolloutController';
  /** `source` of the rollout status events (EventBridge default bus). */
  public static readonly EVENT_SOURCE: string = EVENT_SOURCE;
  /**
   * `detail-type` of the rollout status events; `detail` is `{ endpointName, rolloutId, phase, reason, cause?,
   * stableVariant, candidateVariant }`.
   */
  public static readonly STATUS_EVENT_DETAIL_TYPE: string = EVENT_ROLLOUT_STATUS;

  /** The stack's controller, created on first use. */
  public static of(scope: Construct): RolloutController {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(RolloutController.ID);
    if (existing) {
      if (!(existing instanceof RolloutController)) {
        throw new Error(`RolloutController: the id '${RolloutController.ID}' is taken in stack ${stack.node.path} by another construct; rename it.`);
      }
      return existing;
    }
    return new RolloutController(stack, RolloutController.ID);
  }

  /** Rollouts by endpoint name (partition key `endpointName`): the latest rollout of each endpoint. */
  public readonly table: dynamodb.Table;
  /** Every rollout ever run, one row each (`cdk-mlops rollout history <endpoint>` reads it); retained. */
  public readonly historyTable: dynamodb.Table;
  /** Alarm events EventBridge could not deliver and rollbacks that failed after Lambda's retries (KMS-encrypted). */
  public readonly deadLetterQueue: sqs.IQueue;
  /** In ALARM when a rollback could not put all traffic back on the stable variant (metric RollbackFailed). */
  public readonly rollbackFailedAlarm: cloudwatch.IAlarm;
  /** In ALARM when an endpoint settled on other weights than a rollout ordered (metric WeightsNotApplied). */
  public readonly weightsNotAppliedAlarm: cloudwatch.IAlarm;
  /** In ALARM while the dead-letter queue holds a message: a rollback event was lost or kept failing. */
  public readonly deadLetterAlarm: cloudwatch.IAlarm;
  /** The rollout state machine; one execution per rollout. */
  public readonly stateMachine: sfn.StateMachine;
  /** Notified on rollback and failure. */
  public readonly topic: sns.ITopic;
  /** Encrypts the topic and the state machine's logs. */
  public readonly encryptionKey: kms.IKey;
  /** Decides and orders each step of a rollout (shift, bake, check alarms, promote), one invocation per step. */
  public readonly controllerFunction: lambda.Function;
  /** Run by the alarm rules: when an alarm of an active rollout goes into ALARM, puts traffic back on stable and stops the execution. */
  public readonly rollbackFunction: lambda.Function;
  /** The built-in pre-/post-traffic hook: sends the sample payloads to the candidate variant. */
  public readonly builtInHookFunction: lambda.Function;
  /**
   * Runs each traffic hook for the state machine, which waits for the verdict through a task token: it invokes the
   * hook, reports the verdict, beats while the hook runs and fails the wait when the rollout is aborted meanwhile.
   */
  public readonly hookRunnerFunction: lambda.Function;
  /**
   * Service token of the deploy trigger (custom resource provider).
   * @internal
   */
  public readonly _triggerServiceToken: string;
  /**
   * Service token of the drain guard (custom resource provider), which endpoints with a rollout depend on.
   * @internal
   */
  public readonly _guardServiceToken: string;
  /** Prefix of the alarm names routed to the rollback Lambda without being listed. */
  public readonly alarmNamePrefix: string;

  private readonly endpointArns = new Set<string>();
  private readonly hookArns = new Set<string>();
  private readonly builtInHookEndpoints = new Set<string>();
  private readonly sageMakerWeights: GrowingStatement;
  private readonly sageMakerDescribe: GrowingStatement;
  private readonly sageMakerInvoke: GrowingStatement;
  private readonly hookInvoke: GrowingStatement;
  private readonly alarmRules: AlarmRuleSet;
  private readonly guard: DrainGuardProvider;
  private readonly shadowInvoke: GrowingStatement;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    this.alarmNamePrefix = `cdk-mlops-rollout-${stack.stackName}-`.slice(0, 120);

    const key = rolloutKey(this);
    this.encryptionKey = key;
    this.topic = new AlarmTopic(this, 'Notifications', { encryptionKey: key, displayName: 'cdk-mlops rollouts' }).topic;

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'endpointName', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // The table is the rollouts' audit trail.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.historyTable = historyTable(this);
    const env = {
      [ROLLOUT_ENV.TABLE]: this.table.tableName,
      [ROLLOUT_ENV.HISTORY_TABLE]: this.historyTable.tableName,
      [ROLLOUT_ENV.TOPIC]: this.topic.topicArn,
      [ROLLOUT_ENV.EVENT_BUS]: 'default',
    };
    const weightEnv = { ...env, [ROLLOUT_ENV.ROLLBACK_MAX_WAIT_SECONDS]: String(ROLLBACK_MAX_WAIT.toSeconds()) };
    this.controllerFunction = rolloutFunction(this, 'Controller', {
      bundle: 'rollout-controller', handler: 'index.handler', environment: weightEnv, timeout: WEIGHT_HANDLER_TIMEOUT,
      description: 'cdk-mlops rollout controller: one policy step per invocation',
    });
    this.rollbackFunction = rolloutFunction(this, 'Rollback', {
      bundle: 'rollout-rollback', handler: 'index.handler', environment: weightEnv, timeout: WEIGHT_HANDLER_TIMEOUT,
      description: 'cdk-mlops rollback: a candidate alarm puts all traffic back on the stable variant',
    });
    this.hookRunnerFunction = rolloutFunction(this, 'HookRunner', {
      bundle: 'rollout-hook-runner', handler: 'index.handler', environment: { [ROLLOUT_ENV.TABLE]: this.table.tableName },
      // A hook that needs longer than a Lambda invocation reports with the task token itself ({ reportsLater: true }).
      timeout: Duration.minutes(15),
      description: 'cdk-mlops hook runner: invokes a traffic hook and reports its verdict with the task token',
    });
    this.table.grantReadData(this.hookRunnerFunction);
    const taskResponse = new iam.PolicyStatement({
      actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
      resources: ['*'],
    });
    this.hookRunnerFunction.addToRolePolicy(taskResponse);
    acknowledge(this.hookRunnerFunction, 'AwsSolutions-IAM5[Resource::*]', 'states:SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat ' +
      'take no resource ARN (IAM service authorization reference: no resource types); the task token names the wait.');
    this.builtInHookFunction = rolloutFunction(this, 'BuiltInHook', {
      bundle: 'rollout-hook', handler: 'index.handler', environment: {}, timeout: Duration.minutes(5),
      description: 'cdk-mlops built-in traffic hook: sample payloads against the candidate variant',
    });

    // One statement per purpose, whose resources grow as rollouts register: the policies stay small with 30 endpoints.
    this.sageMakerWeights = new GrowingStatement(['sagemaker:UpdateEndpointWeightsAndCapacities', 'sagemaker:DescribeEndpoint'],
      [this.controllerFunction, this.rollbackFunction]);
    this.sageMakerInvoke = new GrowingStatement(['sagemaker:InvokeEndpoint'], [this.builtInHookFunction]);
    // Shadow runs by replay: the controller invokes the candidate of the endpoints whose rollouts start with one.
    this.shadowInvoke = new GrowingStatement(['sagemaker:InvokeEndpoint'], [this.controllerFunction]);
    const alarmRead = new iam.PolicyStatement({
      actions: ['cloudwatch:DescribeAlarms', 'cloudwatch:GetMetricData', 'cloudwatch:GetMetricStatistics'],
      resources: ['*'],
    });
    const putEvents = new iam.PolicyStatement({
      actions: ['events:PutEvents'],
      resources: [stack.formatArn({ service: 'events', resource: 'event-bus', resourceName: 'default' })],
    });
    for (const fn of [this.controllerFunction, this.rollbackFunction]) {
      this.table.grantReadWriteData(fn);
      this.historyTable.grantWriteData(fn);
      this.topic.grantPublish(fn);
      fn.addToRolePolicy(alarmRead);
      fn.addToRolePolicy(putEvents);
      acknowledge(fn, 'AwsSolutions-IAM5[Resource::*]', 'CloudWatch DescribeAlarms, GetMetricData and GetMetricStatistics are not scoped to resources by IAM.');
    }

    const logGroup = new logs.LogGroup(this, 'Logs', {
      encryptionKey: key,
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(rolloutDefinition(this, this.controllerFunction, this.hookRunnerFunction)),
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
      comment: 'cdk-mlops variant-level rollouts: durable waits and hooks around the controller\'s decisions',
    });
    // The state machine starts the hook runner; the runner invokes the hooks.
    this.stateMachine.addToRolePolicy(new iam.PolicyStatement({
      actions: ['lambda:InvokeFunction'], resources: [this.hookRunnerFunction.functionArn],
    }));
    this.hookInvoke = new GrowingStatement(['lambda:InvokeFunction'], [this.hookRunnerFunction]);
    acknowledgeWildcards(this.stateMachine, 'Versions and aliases of the controller function, as aws-cdk-lib\'s LambdaInvoke grants them.',
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [`${this.controllerFunction.functionArn}:*`] }));
    acknowledge(this.stateMachine, 'AwsSolutions-IAM5[Resource::*]', 'Step Functions log delivery (logs:*LogDelivery*, logs:*ResourcePolic*, logs:DescribeLogGroups) and X-Ray (xray:PutTraceSegments, PutTelemetryRecords, GetSampling*) actions are not scoped to resources by IAM.');

    // The rollback Lambda stops the rollout's execution when it has put traffic back.
    const executions = stack.formatArn({
      service: 'states', resource: 'execution', arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      resourceName: `${this.stateMachine.stateMachineName}:*`,
    });
    const stopExecution = new iam.PolicyStatement({ actions: ['states:StopExecution', 'states:DescribeExecution'], resources: [executions] });
    // Not the controller: the state machine invokes it, so a reference back would be a dependency cycle.
    this.rollbackFunction.addToRolePolicy(stopExecution);
    acknowledgeWildcards(this.rollbackFunction, 'Executions of the one rollout state machine: their names are generated per rollout at run time.', stopExecution);

    const trigger = deployTrigger(this, {
      environment: { ...env, [ROLLOUT_ENV.STATE_MACHINE]: this.stateMachine.stateMachineArn },
      logGroup, stopExecution, table: this.table, historyTable: this.historyTable, stateMachine: this.stateMachine, topic: this.topic,
    });
    this._triggerServiceToken = trigger.serviceToken;
    this.sageMakerDescribe = trigger.describe;
    const signals = rolloutSignals(this, { key, topic: this.topic, rollbackFunction: this.rollbackFunction });
    this.deadLetterQueue = signals.deadLetterQueue;
    this.rollbackFailedAlarm = signals.rollbackFailedAlarm;
    this.weightsNotAppliedAlarm = signals.weightsNotAppliedAlarm;
    this.deadLetterAlarm = signals.deadLetterAlarm;
    this.alarmRules = new AlarmRuleSet(this, 'AlarmRules', {
      prefix: this.alarmNamePrefix, target: this.rollbackFunction, deadLetterQueue: this.deadLetterQueue,
    });
    this.guard = new DrainGuardProvider(this, 'Guard', { table: this.table, environment: { [ROLLOUT_ENV.TABLE]: this.table.tableName } });
    this._guardServiceToken = this.guard.serviceToken;
  }

  /**
   * Registers a rollout: its endpoint, its alarms and its hooks. Called by VariantRollout.
   * @internal
   */
  public _register(r: RolloutRegistration): void {
    if (!this.endpointArns.has(r.endpoint.endpointArn)) {
      this.endpointArns.add(r.endpoint.endpointArn);
      for (const s of [this.sageMakerWeights, this.sageMakerDescribe]) s.add(r.endpoint.endpointArn);
    }
    // The built-in hook may invoke only the endpoints whose rollouts use it.
    if (r.hooks.includes(this.builtInHookFunction) && !this.builtInHookEndpoints.has(r.endpoint.endpointArn)) {
      this.builtInHookEndpoints.add(r.endpoint.endpointArn);
      this.sageMakerInvoke.add(r.endpoint.endpointArn);
    }
    this.alarmRules.addAlarmNames(r.extraAlarmNames);
    for (const fn of r.hooks) {
      if (this.hookArns.has(fn.functionArn)) continue;
      this.hookArns.add(fn.functionArn);
      const versions = `${fn.functionArn}:*`;
      this.hookInvoke.add(fn.functionArn, versions);
      acknowledgeWildcards(this.hookRunnerFunction, 'Versions and aliases of one hook function.',
        new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [versions] }));
    }
    if (r.captureReplay) this.grantShadowReplay(r.endpoint, r.captureReplay, r.guardedEndpointName ?? r.endpoint.endpointName);
    if (r.guardedEndpointName !== undefined) this.guard.addEndpoint(r.guardedEndpointName);
  }

  /** Lets a principal read rollouts and their executions (status, history). */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    const grant = this.table.grantReadData(grantee);
    this.historyTable.grantReadData(grantee);
    this.stateMachine.grantRead(grantee);
    return grant;
  }

  /**
   * Lets a traffic hook that reports later (it returned `{ reportsLater: true }`) send its verdict and heartbeats with
   * the task token of its event: states:SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat, which IAM does not
   * scope to resources (the token names the wait).
   */
  public grantHookResponse(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
      resourceArns: ['*'],
    });
  }

  /** Lets a principal operate rollouts (the CLI's pause, resume, promote-now and abort) and start them. */
  public grantOperate(grantee: iam.IGrantable): iam.Grant {
    this.grantRead(grantee);
    this.stateMachine.grantStartExecution(grantee);
    this.historyTable.grantWriteData(grantee);
    return this.table.grantWriteData(grantee);
  }

  /**
   * Rollouts that ended rolled back, aborted or failed: executions that failed (the controller's rollbacks and
   * failures) plus executions that were stopped (ABORTED: an alarm rollback, an operator abort, a reverted deploy).
   * @default - Sum over 5 minutes
   */
  public metricRollbacks(props?: cloudwatch.MathExpressionOptions): cloudwatch.IMetric {
    return new cloudwatch.MathExpression({
      expression: 'FILL(failed, 0) + FILL(aborted, 0)',
      usingMetrics: {
        failed: this.stateMachine.metricFailed({ statistic: 'Sum' }),
        aborted: this.stateMachine.metricAborted({ statistic: 'Sum' }),
      },
      label: 'Rollouts rolled back, aborted or failed',
      ...props,
    });
  }

  /**
   * Rollbacks that could not put all traffic back on the stable variant, over every endpoint.
   * @default - Sum over 1 minute
   */
  public metricRollbackFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return rolloutMetric(ROLLOUT_METRICS.ROLLBACK_FAILED, props);
  }

  /** Orders of weights an endpoint did not apply, over every endpoint. @default - Sum over 1 minute */
  public metricWeightsNotApplied(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return rolloutMetric(ROLLOUT_METRICS.WEIGHTS_NOT_APPLIED, props);
  }

  /** Rollout notifications (SNS, EventBridge) that failed after their retries. @default - Sum over 1 minute */
  public metricNotificationFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return rolloutMetric(ROLLOUT_METRICS.NOTIFICATION_FAILED, props);
  }

  /**
   * Keeps history rows for `retention` after each rollout ends, then lets DynamoDB expire them (TTL).
   * Without a call, rows are kept forever.
   */
  public retainHistoryFor(retention: Duration): void {
    const days = retention.toDays({ integral: false });
    if (!Token.isUnresolved(days) && !(days >= 1)) {
      throw new Error(`RolloutController.retainHistoryFor: retention must be at least 1 day, got ${retention.toHumanString()}; ` +
        'give e.g. Duration.days(365), or do not call it to keep every row.');
    }
    this.controllerFunction.addEnvironment(ROLLOUT_ENV.HISTORY_TTL_SECONDS, String(retention.toSeconds()));
  }

  /**
   * An EventBridge rule on the status changes of every rollout of the stack (optionally of some phases only),
   * like aws-cdk-lib's `onXxx` methods: `controller.onRolloutStatusChange('Ended', { phases: [RolloutPhase.ROLLED_BACK], target })`.
   * @param id id of the rule (a child of the controller)
   * @param options the rule's target, and which phases to match
   */
  public onRolloutStatusChange(id: string, options: OnRolloutStatusChangeOptions = {}): events.Rule {
    return rolloutStatusRule(this, id, options);
  }

  /** Rollouts that promoted their candidate. @default - Sum over 5 minutes */
  public metricPromotions(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stateMachine.metricSucceeded({ statistic: 'Sum', ...props });
  }

  /** Rollouts started. @default - Sum over 5 minutes */
  public metricRolloutsStarted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stateMachine.metricStarted({ statistic: 'Sum', ...props });
  }

  /**
   * A shadow run by replay: the controller lists and reads the endpoint's captures (`<prefix>/<endpoint>/*` only),
   * decrypts them, and invokes the endpoint (the candidate variant, with TargetVariant).
   */
  private grantShadowReplay(endpoint: IModelEndpoint, capture: DataCaptureLocation, endpointName: string): void {
    const keys = `${capture.prefix}/${endpointName}/*`;
    this.shadowInvoke.add(endpoint.endpointArn);
    const list = new iam.PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [capture.bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [keys] } },
    });
    const read = new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [capture.bucket.arnForObjects(keys)] });
    this.controllerFunction.addToRolePolicy(list);
    this.controllerFunction.addToRolePolicy(read);
    acknowledgeWildcards(this.controllerFunction, 'Data Capture objects of one endpoint: SageMaker names them by hour and request at run time.', read);
    capture.encryptionKey?.grantDecrypt(this.controllerFunction);
  }
}
