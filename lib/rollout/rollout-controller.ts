import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ROLLOUT_ENV, ROLLOUT_METRICS } from '../../contracts/rollout-env';
import { EVENT_ROLLOUT_STATUS, EVENT_SOURCE } from '../../contracts/rollout-resources';
import { AlarmTopic } from '../monitoring/alarm-topic';
import { AlarmRuleSet } from './private/alarm-rules';
import { DrainGuardProvider } from './private/drain-guard';
import { controllerFunctions } from './private/controller-functions';
import { RolloutRegistry } from './private/controller-registry';
import { controllerStateMachine } from './private/controller-state-machine';
import { deployTrigger } from './private/deploy-trigger';
import { RolloutRegistration } from './private/registration';
import { historyTable, rolloutKey, rolloutMetric, rolloutSignals } from './private/rollout-signals';
import { rolloutStatusRule } from './private/status-rule';
import { OnRolloutStatusChangeOptions } from './rollout-events';

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

  private readonly registry: RolloutRegistry;

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
    const fns = controllerFunctions(this, {
      alarmNamePrefix: this.alarmNamePrefix, table: this.table, historyTable: this.historyTable, topic: this.topic,
    });
    this.controllerFunction = fns.controllerFunction;
    this.rollbackFunction = fns.rollbackFunction;
    this.hookRunnerFunction = fns.hookRunnerFunction;
    const machine = controllerStateMachine(this, {
      key, controllerFunction: this.controllerFunction, rollbackFunction: this.rollbackFunction, hookRunnerFunction: this.hookRunnerFunction,
    });
    this.stateMachine = machine.stateMachine;
    const env = fns.env;
    const { logGroup, stopExecution, rollbackStop } = machine;

    const trigger = deployTrigger(this, {
      environment: { ...env, [ROLLOUT_ENV.STATE_MACHINE]: this.stateMachine.stateMachineArn },
      logGroup, stopExecution, startAfter: [rollbackStop], putEvents: fns.putEvents, table: this.table,
      historyTable: this.historyTable, stateMachine: this.stateMachine, topic: this.topic,
    });
    this._triggerServiceToken = trigger.serviceToken;
    const signals = rolloutSignals(this, { key, topic: this.topic, rollbackFunction: this.rollbackFunction });
    this.deadLetterQueue = signals.deadLetterQueue;
    this.rollbackFailedAlarm = signals.rollbackFailedAlarm;
    this.weightsNotAppliedAlarm = signals.weightsNotAppliedAlarm;
    this.deadLetterAlarm = signals.deadLetterAlarm;
    const alarmRules = new AlarmRuleSet(this, 'AlarmRules', {
      prefix: this.alarmNamePrefix, target: this.rollbackFunction, deadLetterQueue: this.deadLetterQueue,
    });
    const guard = new DrainGuardProvider(this, 'Guard', {
      table: this.table, environment: { [ROLLOUT_ENV.TABLE]: this.table.tableName }, executorStatements: [fns.putEvents],
    });
    this._guardServiceToken = guard.serviceToken;
    this.registry = new RolloutRegistry({
      controllerFunction: this.controllerFunction, hookRunnerFunction: this.hookRunnerFunction,
      sageMakerWeights: fns.sageMakerWeights, triggerEndpoints: trigger.describe,
      stackDescribe: trigger.describeStacks, userAlarms: fns.userAlarms,
      shadowInvoke: fns.shadowInvoke, hookInvoke: machine.hookInvoke, alarmRules, guard,
    });
  }

  /**
   * Registers a rollout: its endpoint, its alarms and its hooks. Called by VariantRollout.
   * @internal
   */
  public _register(r: RolloutRegistration): void {
    this.registry.register(r);
  }

  /**
   * Routes alarms added to a registered rollout (`VariantRollout.addAlarm`) to the rollback Lambda.
   * @internal
   */
  public _registerAlarmNames(names: string[]): void {
    this.registry.addAlarmNames(names);
  }

  /**
   * Lets the state machine run hooks added to a registered rollout (`VariantRollout.addPreHook` / `addPostHook`).
   * @internal
   */
  public _registerHooks(hooks: lambda.IFunction[]): void {
    this.registry.addHooks(hooks);
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
   * Returns `cloudwatch.IMetric`, not `Metric`: no single CloudWatch metric counts both, so it is the math expression
   * `FILL(failed, 0) + FILL(aborted, 0)` over Step Functions' ExecutionsFailed and ExecutionsAborted (Sum), the
   * same shape as aws-cdk-lib's `Table.metricThrottledRequestsForOperations()` (IMetric) and
   * `Queue.metricApproximateNumberOfMessagesOutstanding()` (MathExpression). Alarms and graphs take it as any metric.
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
}
