import { ArnFormat, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { DataQualityGateCheck, GateStatus } from './data-quality-gate-check';
import { IDataQualityGate, IEtlJob, OnGateStatusOptions } from './data-interfaces';
import { DataQualityGateProps } from './data-quality-gate-props';
import { LakeZone } from './lake-zone';
import { DATA_METRICS_NAMESPACE } from './private/glue-job-support';
import { allowLogsToUseKey } from './private/key-policy';
import { acknowledge, acknowledgeKeyGrant, acknowledgeWildcards } from '../private/nag';
import { invalid, validateIntRange } from './private/validate';
import { requireProps } from '../private/validation/checks';

/**
 * A data-quality gate: after every successful run of an EtlJob, a Step Functions workflow evaluates a Glue Data
 * Quality ruleset on the curated table, publishes the score (`cdk-mlops/Data` `DataQualityScore`), writes the gate
 * status (PENDING while evaluating, then PASSED or FAILED) to an SSM parameter, and emits an EventBridge event.
 * A failing gate fails the execution, which the pipeline alarms report.
 *
 * Consumers: a training or batch-inference workflow starts with `gateCheck()` and so refuses to run on data that
 * did not pass; event-driven consumers subscribe to `statusEventPattern(GateStatus.PASSED)`.
 */
export class DataQualityGate extends Construct implements IDataQualityGate {
  /** `source` of the gate's EventBridge events. */
  public static readonly EVENT_SOURCE: string = 'cdk-mlops.data';
  /** `detail-type` of the gate's EventBridge events; `detail` is `{ gate, status, database, table, score? }`. */
  public static readonly EVENT_DETAIL_TYPE: string = 'Data Quality Gate Status';

  /** The Glue Data Quality ruleset. */
  public readonly ruleset: glue.CfnDataQualityRuleset;
  /** The parameter holding the current GateStatus. */
  public readonly statusParameter: ssm.StringParameter;
  /** The workflow that evaluates the ruleset after each job run. */
  public readonly stateMachine: sfn.StateMachine;
  /** The role Glue Data Quality runs as. */
  public readonly evaluationRole: iam.Role;
  /** Name of the gate. */
  public readonly gateName: string;
  /** The minimum score. */
  public readonly minScore: number;

  constructor(scope: Construct, id: string, props: DataQualityGateProps) {
    requireProps('DataQualityGate', props, ['job', 'rules']);
    super(scope, id);
    const owner = `DataQualityGate '${this.node.path}'`;
    const job = props.job;
    if (!Token.isUnresolved(props.rules) && !/Rules\s*=\s*\[\s*\S[\s\S]*\]/.test(props.rules ?? '')) {
      invalid(owner, 'rules', props.rules,
        'The DQDL ruleset is empty or malformed: write at least one rule, e.g. Rules = [ RowCount > 0 ].');
    }
    this.minScore = props.minScore ?? 1;
    if (!Token.isUnresolved(this.minScore) && !(this.minScore > 0 && this.minScore <= 1)) {
      invalid(owner, 'minScore', this.minScore, 'The score is the share of rules that pass: use a number in (0, 1].');
    }
    const workers = props.numberOfWorkers ?? 2;
    validateIntRange(owner, 'numberOfWorkers', workers, 2, 299);
    const timeout = props.evaluationTimeout ?? Duration.minutes(30);
    const timeoutMinutes = gateTimeoutMinutes(owner, timeout);
    if (!timeout.isUnresolved() && (!Number.isInteger(timeoutMinutes) || timeoutMinutes < 1 || timeoutMinutes > 2880)) {
      invalid(owner, 'evaluationTimeout', timeout.toHumanString(), 'Use whole minutes from 1 minute to 48 hours.');
    }
    this.gateName = props.gateName ?? `${job.tableName.replace(/_/g, '-')}-gate`;
    if (!Token.isUnresolved(this.gateName) && !/^[A-Za-z0-9_.-]{1,200}$/.test(this.gateName)) {
      invalid(owner, 'gateName', this.gateName, "Use 1-200 letters, digits, '.', '_' or '-'.");
    }
    const stack = Stack.of(this);
    const rulesetName = `${this.gateName}-${stack.stackName}`.slice(0, 255);

    this.ruleset = new glue.CfnDataQualityRuleset(this, 'Resource', {
      name: rulesetName,
      description: `Gate on ${job.databaseName}.${job.tableName}`,
      ruleset: props.rules,
      targetTable: props.associateTargetTable ? { databaseName: job.databaseName, tableName: job.tableName } : undefined,
    });
    const rulesetArn = stack.formatArn({ service: 'glue', resource: 'dataQualityRuleset', resourceName: rulesetName });

    this.statusParameter = new ssm.StringParameter(this, 'Status', {
      description: `Data-quality gate status of ${job.databaseName}.${job.tableName}: PASSED, FAILED, PENDING or UNKNOWN`,
      stringValue: GateStatus.UNKNOWN,
    });

    this.evaluationRole = this.createEvaluationRole(job, rulesetArn);
    const resultsPrefix = job.lake.s3Uri(LakeZone.CURATED, `_data-quality/${job.tableName}/`);

    // --- the evaluation workflow ---
    const setStatus = (sid: string, status: GateStatus) => new tasks.CallAwsService(this, sid, {
      service: 'ssm',
      action: 'putParameter',
      parameters: { Name: this.statusParameter.parameterName, Value: status, Overwrite: true },
      iamResources: [this.statusParameter.parameterArn],
      iamAction: 'ssm:PutParameter',
      resultPath: sfn.JsonPath.DISCARD,
    });
    const emit = (sid: string, status: GateStatus, withScore: boolean) => new tasks.EventBridgePutEvents(this, sid, {
      entries: [{
        source: DataQualityGate.EVENT_SOURCE,
        detailType: DataQualityGate.EVENT_DETAIL_TYPE,
        detail: sfn.TaskInput.fromObject({
          gate: this.gateName,
          status,
          database: job.databaseName,
          table: job.tableName,
          ...(withScore ? { score: sfn.JsonPath.numberAt('$.dq.result.Score') } : {}),
        }),
      }],
      resultPath: sfn.JsonPath.DISCARD,
    });

    const onError = setStatus('SetFailedOnError', GateStatus.FAILED)
      .next(emit('EmitFailedOnError', GateStatus.FAILED, false))
      .next(new sfn.Fail(this, 'EvaluationFailed', {
        error: 'DataQualityEvaluationFailed',
        cause: 'The Glue Data Quality evaluation did not complete; the gate is FAILED until the next successful evaluation.',
      }));

    const start = new tasks.CallAwsService(this, 'StartEvaluation', {
      service: 'glue',
      action: 'startDataQualityRulesetEvaluationRun',
      parameters: {
        DataSource: { GlueTable: { DatabaseName: job.databaseName, TableName: job.tableName } },
        Role: this.evaluationRole.roleArn,
        NumberOfWorkers: workers,
        Timeout: timeoutMinutes,
        RulesetNames: [this.ruleset.ref],
        AdditionalRunOptions: { CloudWatchMetricsEnabled: true, ResultsS3Prefix: resultsPrefix },
      },
      iamAction: 'glue:StartDataQualityRulesetEvaluationRun',
      iamResources: [rulesetArn, ...job.lake.catalogArns(LakeZone.CURATED)],
      additionalIamStatements: [new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.evaluationRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'glue.amazonaws.com' } },
      })],
      resultSelector: { 'RunId.$': '$.RunId' },
      resultPath: '$.dq',
    });
    const wait = new sfn.Wait(this, 'WaitForEvaluation', { time: sfn.WaitTime.duration(Duration.minutes(1)) });
    const poll = new tasks.CallAwsService(this, 'GetEvaluation', {
      service: 'glue',
      action: 'getDataQualityRulesetEvaluationRun',
      parameters: { 'RunId.$': '$.dq.RunId' },
      iamAction: 'glue:GetDataQualityRulesetEvaluationRun',
      iamResources: [stack.formatArn({ service: 'glue', resource: 'dataQualityRuleset', resourceName: '*' })],
      // No resultSelector: ResultIds only exists once the run succeeded, and a missing path would fail the state.
      resultPath: '$.dq.run',
    });
    const getResult = new tasks.CallAwsService(this, 'GetResult', {
      service: 'glue',
      action: 'getDataQualityResult',
      parameters: { 'ResultId.$': '$.dq.run.ResultIds[0]' },
      iamAction: 'glue:GetDataQualityResult',
      iamResources: [stack.formatArn({ service: 'glue', resource: 'dataQualityRuleset', resourceName: '*' })],
      resultSelector: { 'Score.$': '$.Score' },
      resultPath: '$.dq.result',
    });
    const publish = new tasks.CallAwsService(this, 'PublishScore', {
      service: 'cloudwatch',
      action: 'putMetricData',
      parameters: {
        Namespace: DATA_METRICS_NAMESPACE,
        MetricData: [{
          MetricName: 'DataQualityScore',
          Dimensions: [{ Name: 'Gate', Value: this.gateName }],
          Value: sfn.JsonPath.numberAt('$.dq.result.Score'),
          Unit: 'None',
        }],
      },
      iamAction: 'cloudwatch:PutMetricData',
      iamResources: ['*'],
      resultPath: sfn.JsonPath.DISCARD,
    });
    const passed = setStatus('SetPassed', GateStatus.PASSED)
      .next(emit('EmitPassed', GateStatus.PASSED, true))
      .next(new sfn.Succeed(this, 'GatePassed'));
    const failed = setStatus('SetFailed', GateStatus.FAILED)
      .next(emit('EmitFailed', GateStatus.FAILED, true))
      .next(new sfn.Fail(this, 'GateFailed', {
        error: 'DataQualityGateFailed',
        cause: `The data-quality score is below ${this.minScore}; downstream workflows must not use this data.`,
      }));

    for (const task of [start, poll, getResult, publish]) task.addCatch(onError, { resultPath: '$.error' });
    const definition = setStatus('SetPending', GateStatus.PENDING)
      .next(start)
      .next(wait)
      .next(poll)
      .next(new sfn.Choice(this, 'EvaluationDone?')
        .when(sfn.Condition.stringEquals('$.dq.run.Status', 'SUCCEEDED'), getResult
          .next(publish)
          .next(new sfn.Choice(this, 'ScoreHighEnough?')
            .when(sfn.Condition.numberGreaterThanEquals('$.dq.result.Score', this.minScore), passed)
            .otherwise(failed)))
        .when(sfn.Condition.or(
          sfn.Condition.stringEquals('$.dq.run.Status', 'FAILED'),
          sfn.Condition.stringEquals('$.dq.run.Status', 'STOPPED'),
          sfn.Condition.stringEquals('$.dq.run.Status', 'TIMEOUT')), onError)
        .otherwise(wait));

    allowLogsToUseKey(job.lake.encryptionKey);
    this.stateMachine = new sfn.StateMachine(this, 'Evaluation', {
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      // No arithmetic on a token timeout: the evaluation's own timeout still bounds the run.
      timeout: timeout.isUnresolved() ? undefined : timeout.plus(Duration.minutes(15)),
      tracingEnabled: true,
      logs: {
        destination: new logs.LogGroup(this, 'EvaluationLogs', {
          encryptionKey: job.lake.encryptionKey,
          retention: logs.RetentionDays.ONE_MONTH,
          removalPolicy: job.lake.removalPolicy,
        }),
        level: sfn.LogLevel.ALL,
        includeExecutionData: true,
      },
    });
    const smRole = this.stateMachine.role;
    acknowledge(smRole, 'AwsSolutions-IAM5[Resource::*]',
      'X-Ray, log delivery and cloudwatch:PutMetricData have no resource-level permissions (aws-cdk-lib Step Functions defaults and the score metric).');
    acknowledgeWildcards(smRole, 'The evaluation run and result APIs take run ids, not ruleset names, so they are scoped to this account\'s rulesets; tables are created by the ETL job.',
      new iam.PolicyStatement({ resources: [rulesetArn, ...job.lake.catalogArns(LakeZone.CURATED),
        stack.formatArn({ service: 'glue', resource: 'dataQualityRuleset', resourceName: '*' })] }));

    new events.Rule(this, 'AfterJobRun', {
      description: `Evaluates ${this.gateName} after each successful run of ${job.jobName}`,
      eventPattern: {
        source: ['aws.glue'],
        detailType: ['Glue Job State Change'],
        detail: { jobName: [job.jobName], state: ['SUCCEEDED'] },
      },
      targets: [new targets.SfnStateMachine(this.stateMachine)],
    });
  }

  /** A Step Functions fragment that fails unless the gate is PASSED; see DataQualityGateCheck. */
  public gateCheck(scope: Construct, id: string): DataQualityGateCheck {
    return new DataQualityGateCheck(scope, id, { statusParameter: this.statusParameter });
  }

  /** Lets a principal read the gate status. */
  public grantReadStatus(grantee: iam.IGrantable): iam.Grant {
    return this.statusParameter.grantRead(grantee);
  }

  /** EventBridge pattern of this gate's status events, optionally of one status only. */
  public statusEventPattern(status?: GateStatus): events.EventPattern {
    return {
      source: [DataQualityGate.EVENT_SOURCE],
      detailType: [DataQualityGate.EVENT_DETAIL_TYPE],
      detail: { gate: [this.gateName], ...(status ? { status: [status] } : {}) },
    };
  }

  /**
   * An EventBridge rule on this gate's status events (all, or one status with `status`), e.g. to start a workflow
   * when fresh data PASSED.
   * @param id id of the rule
   * @param options the rule's target, and which status to match
   */
  public onGateStatus(id: string, options: OnGateStatusOptions = {}): events.Rule {
    const rule = new events.Rule(this, id, {
      ruleName: options.ruleName,
      description: options.description ?? `Status events of data-quality gate ${this.gateName}`,
      crossStackScope: options.crossStackScope,
    });
    rule.addEventPattern(this.statusEventPattern(options.status));
    rule.addEventPattern(options.eventPattern);
    if (options.target) rule.addTarget(options.target);
    return rule;
  }

  /** The data-quality score of each evaluation (0-1). Statistic: Minimum. */
  public metricScore(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: DATA_METRICS_NAMESPACE,
      metricName: 'DataQualityScore',
      dimensionsMap: { Gate: this.gateName },
      statistic: 'Minimum',
      period: Duration.hours(1),
      ...props,
    });
  }

  /** Evaluations that ended with a failed gate or an evaluation error (state machine ExecutionsFailed). Statistic: Sum. */
  public metricGateFailures(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stateMachine.metricFailed({ statistic: 'Sum', ...props });
  }

  private createEvaluationRole(job: IEtlJob, rulesetArn: string): iam.Role {
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'EvaluationRole', {
      assumedBy: new iam.ServicePrincipal('glue.amazonaws.com'),
      description: `Glue Data Quality evaluation of ${job.databaseName}.${job.tableName}`,
    });
    const reason = 'Objects and catalog entries of the evaluated curated table, through aws-cdk-lib grants.';
    acknowledgeWildcards(role, reason,
      job.lake.grantRead(role, LakeZone.CURATED, `${job.tableName}/`),
      job.lake.grantWrite(role, LakeZone.CURATED, `_data-quality/${job.tableName}/`),
      job.lake.grantCatalogRead(role, LakeZone.CURATED));
    acknowledgeKeyGrant(role);
    const statements = [
      new iam.PolicyStatement({
        actions: ['glue:GetDataQualityRuleset', 'glue:PublishDataQuality'],
        resources: [rulesetArn, ...job.lake.catalogArns(LakeZone.CURATED)],
      }),
      new iam.PolicyStatement({
        actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '/aws-glue/*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      }),
      new iam.PolicyStatement({
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': 'Glue Data Quality' } },
      }),
    ];
    statements.forEach((s) => role.addToPolicy(s));
    acknowledgeWildcards(role, 'Glue Data Quality writes its own log streams under /aws-glue/ and metrics (no resource ARNs, namespace-conditioned).', ...statements);
    return role;
  }
}

/** The evaluation timeout in minutes (StartDataQualityRulesetEvaluationRun); a token only as Duration.minutes(token). */
function gateTimeoutMinutes(owner: string, timeout: Duration): number {
  if (!timeout.isUnresolved()) return timeout.toMinutes({ integral: false });
  try {
    return timeout.toMinutes();
  } catch {
    return invalid(owner, 'evaluationTimeout', 'a token Duration', 'Glue takes the timeout in minutes and a token cannot be converted: ' +
      'use Duration.minutes(parameter.valueAsNumber).');
  }
}
