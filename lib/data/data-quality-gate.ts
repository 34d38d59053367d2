import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { DataQualityGateCheck, GateStatus } from './data-quality-gate-check';
import { IDataQualityGate, OnGateStatusOptions } from './data-interfaces';
import { DataQualityGateProps } from './data-quality-gate-props';
import { gateEvaluation, gateEvaluationRole } from './private/gate-evaluation';
import { DATA_METRICS_NAMESPACE } from './private/glue-job-support';
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
    requireProps(`DataQualityGate '${scope.node.path}/${id}'`, props, ['job', 'rules']);
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

    this.evaluationRole = gateEvaluationRole(this, job, rulesetArn);

    this.stateMachine = gateEvaluation(this, {
      job, gateName: this.gateName, minScore: this.minScore, rulesetArn, rulesetName: this.ruleset.ref,
      statusParameter: this.statusParameter, evaluationRole: this.evaluationRole, workers, timeout, timeoutMinutes,
      eventSource: DataQualityGate.EVENT_SOURCE, eventDetailType: DataQualityGate.EVENT_DETAIL_TYPE,
    });

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
