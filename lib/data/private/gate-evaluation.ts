import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeKeyGrant, acknowledgeWildcards } from '../../private/nag';
import { IEtlJob } from '../data-interfaces';
import { GateStatus } from '../data-quality-gate-check';
import { LakeZone } from '../lake-zone';
import { DATA_METRICS_NAMESPACE } from './glue-job-support';
import { allowLogsToUseKey } from './key-policy';

/** What the evaluation workflow of a DataQualityGate needs. */
export interface GateEvaluationOptions {
  readonly job: IEtlJob;
  readonly gateName: string;
  readonly minScore: number;
  readonly rulesetArn: string;
  /** The ruleset's name as StartDataQualityRulesetEvaluationRun takes it (the ruleset's Ref). */
  readonly rulesetName: string;
  readonly statusParameter: ssm.IStringParameter;
  readonly evaluationRole: iam.IRole;
  readonly workers: number;
  readonly timeout: Duration;
  readonly timeoutMinutes: number;
  readonly eventSource: string;
  readonly eventDetailType: string;
}

/**
 * The gate's evaluation workflow: PENDING, start the ruleset evaluation, poll it every minute, publish the score,
 * then PASSED or FAILED (status parameter + event); any error sets FAILED. States are children of `scope` (the
 * gate), with the ids they had when this lived in DataQualityGate.
 */
export function gateEvaluation(scope: Construct, o: GateEvaluationOptions): sfn.StateMachine {
  const stack = Stack.of(scope);
  const resultsPrefix = o.job.lake.s3Uri(LakeZone.CURATED, `_data-quality/${o.job.tableName}/`);
  const setStatus = (sid: string, status: GateStatus) => new tasks.CallAwsService(scope, sid, {
    service: 'ssm',
    action: 'putParameter',
    parameters: { Name: o.statusParameter.parameterName, Value: status, Overwrite: true },
    iamResources: [o.statusParameter.parameterArn],
    iamAction: 'ssm:PutParameter',
    resultPath: sfn.JsonPath.DISCARD,
  });
  const emit = (sid: string, status: GateStatus, withScore: boolean) => new tasks.EventBridgePutEvents(scope, sid, {
    entries: [{
      source: o.eventSource,
      detailType: o.eventDetailType,
      detail: sfn.TaskInput.fromObject({
        gate: o.gateName,
        status,
        database: o.job.databaseName,
        table: o.job.tableName,
        ...(withScore ? { score: sfn.JsonPath.numberAt('$.dq.result.Score') } : {}),
      }),
    }],
    resultPath: sfn.JsonPath.DISCARD,
  });

  const onError = setStatus('SetFailedOnError', GateStatus.FAILED)
    .next(emit('EmitFailedOnError', GateStatus.FAILED, false))
    .next(new sfn.Fail(scope, 'EvaluationFailed', {
      error: 'DataQualityEvaluationFailed',
      cause: 'The Glue Data Quality evaluation did not complete; the gate is FAILED until the next successful evaluation.',
    }));

  const start = new tasks.CallAwsService(scope, 'StartEvaluation', {
    service: 'glue',
    action: 'startDataQualityRulesetEvaluationRun',
    parameters: {
      DataSource: { GlueTable: { DatabaseName: o.job.databaseName, TableName: o.job.tableName } },
      Role: o.evaluationRole.roleArn,
      NumberOfWorkers: o.workers,
      Timeout: o.timeoutMinutes,
      RulesetNames: [o.rulesetName],
      AdditionalRunOptions: { CloudWatchMetricsEnabled: true, ResultsS3Prefix: resultsPrefix },
    },
    iamAction: 'glue:StartDataQualityRulesetEvaluationRun',
    iamResources: [o.rulesetArn, ...o.job.lake.catalogArns(LakeZone.CURATED)],
    additionalIamStatements: [new iam.PolicyStatement({
      actions: ['iam:PassRole'],
      resources: [o.evaluationRole.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'glue.amazonaws.com' } },
    })],
    resultSelector: { 'RunId.$': '$.RunId' },
    resultPath: '$.dq',
  });
  const wait = new sfn.Wait(scope, 'WaitForEvaluation', { time: sfn.WaitTime.duration(Duration.minutes(1)) });
  const poll = new tasks.CallAwsService(scope, 'GetEvaluation', {
    service: 'glue',
    action: 'getDataQualityRulesetEvaluationRun',
    parameters: { 'RunId.$': '$.dq.RunId' },
    iamAction: 'glue:GetDataQualityRulesetEvaluationRun',
    iamResources: [stack.formatArn({ service: 'glue', resource: 'dataQualityRuleset', resourceName: '*' })],
    // No resultSelector: ResultIds only exists once the run succeeded, and a missing path would fail the state.
    resultPath: '$.dq.run',
  });
  const getResult = new tasks.CallAwsService(scope, 'GetResult', {
    service: 'glue',
    action: 'getDataQualityResult',
    parameters: { 'ResultId.$': '$.dq.run.ResultIds[0]' },
    iamAction: 'glue:GetDataQualityResult',
    iamResources: [stack.formatArn({ service: 'glue', resource: 'dataQualityRuleset', resourceName: '*' })],
    resultSelector: { 'Score.$': '$.Score' },
    resultPath: '$.dq.result',
  });
  const publish = new tasks.CallAwsService(scope, 'PublishScore', {
    service: 'cloudwatch',
    action: 'putMetricData',
    parameters: {
      Namespace: DATA_METRICS_NAMESPACE,
      MetricData: [{
        MetricName: 'DataQualityScore',
        Dimensions: [{ Name: 'Gate', Value: o.gateName }],
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
    .next(new sfn.Succeed(scope, 'GatePassed'));
  const failed = setStatus('SetFailed', GateStatus.FAILED)
    .next(emit('EmitFailed', GateStatus.FAILED, true))
    .next(new sfn.Fail(scope, 'GateFailed', {
      error: 'DataQualityGateFailed',
      cause: `The data-quality score is below ${o.minScore}; downstream workflows must not use this data.`,
    }));

  for (const task of [start, poll, getResult, publish]) task.addCatch(onError, { resultPath: '$.error' });
  const definition = setStatus('SetPending', GateStatus.PENDING)
    .next(start)
    .next(wait)
    .next(poll)
    .next(new sfn.Choice(scope, 'EvaluationDone?')
      .when(sfn.Condition.stringEquals('$.dq.run.Status', 'SUCCEEDED'), getResult
        .next(publish)
        .next(new sfn.Choice(scope, 'ScoreHighEnough?')
          .when(sfn.Condition.numberGreaterThanEquals('$.dq.result.Score', o.minScore), passed)
          .otherwise(failed)))
      .when(sfn.Condition.or(
        sfn.Condition.stringEquals('$.dq.run.Status', 'FAILED'),
        sfn.Condition.stringEquals('$.dq.run.Status', 'STOPPED'),
        sfn.Condition.stringEquals('$.dq.run.Status', 'TIMEOUT')), onError)
      .otherwise(wait));

  allowLogsToUseKey(o.job.lake.encryptionKey);
  const stateMachine = new sfn.StateMachine(scope, 'Evaluation', {
    definitionBody: sfn.DefinitionBody.fromChainable(definition),
    // No arithmetic on a token timeout: the evaluation's own timeout still bounds the run.
    timeout: o.timeout.isUnresolved() ? undefined : o.timeout.plus(Duration.minutes(15)),
    tracingEnabled: true,
    logs: {
      destination: new logs.LogGroup(scope, 'EvaluationLogs', {
        encryptionKey: o.job.lake.encryptionKey,
        retention: logs.RetentionDays.ONE_MONTH,
        removalPolicy: o.job.lake.removalPolicy,
      }),
      level: sfn.LogLevel.ALL,
      includeExecutionData: true,
    },
  });
  const smRole = stateMachine.role;
  acknowledge(smRole, 'AwsSolutions-IAM5[Resource::*]',
    'X-Ray, log delivery and cloudwatch:PutMetricData have no resource-level permissions (aws-cdk-lib Step Functions defaults and the score metric).');
  acknowledgeWildcards(smRole, 'The evaluation run and result APIs take run ids, not ruleset names, so they are scoped to this account\'s rulesets; tables are created by the ETL job.',
    new iam.PolicyStatement({ resources: [o.rulesetArn, ...o.job.lake.catalogArns(LakeZone.CURATED),
      stack.formatArn({ service: 'glue', resource: 'dataQualityRuleset', resourceName: '*' })] }));
  return stateMachine;
}

/** The role Glue Data Quality runs as: read the evaluated table, write its results, logs and metrics. */
export function gateEvaluationRole(scope: Construct, job: IEtlJob, rulesetArn: string): iam.Role {
  const stack = Stack.of(scope);
  const role = new iam.Role(scope, 'EvaluationRole', {
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
