import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';

/** The end states of a Glue job run that EventBridge reports ("Glue Job State Change"). */
export type GlueJobEndState = 'SUCCEEDED' | 'FAILED' | 'TIMEOUT';

const RULE_IDS: Record<GlueJobEndState, string> = { SUCCEEDED: 'SucceededRule', FAILED: 'FailedRule', TIMEOUT: 'TimedOutRule' };

/**
 * Runs of a Glue job that ended in `state`, counted by an EventBridge rule (`AWS/Events TriggeredRules`, Sum), one
 * rule per state, made on first use under `scope`. Glue reports run ends as "Glue Job State Change" only ("Glue Job
 * Run Status" is for runs still RUNNING, STARTING or STOPPING past the delay threshold: AWS Glue Developer Guide,
 * "Automating AWS Glue with EventBridge"), which aws-cdk-lib's Job.metricSuccess also matches.
 */
export function jobStateMetric(scope: Construct, jobName: string, state: GlueJobEndState, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
  const id = RULE_IDS[state];
  const rule = (scope.node.tryFindChild(id) as events.Rule | undefined) ?? new events.Rule(scope, id, {
    description: `Counts runs of Glue job ${jobName} that ended ${state}`,
    eventPattern: { source: ['aws.glue'], detailType: ['Glue Job State Change'], detail: { jobName: [jobName], state: [state] } },
  });
  return new cloudwatch.Metric({
    namespace: 'AWS/Events', metricName: 'TriggeredRules', dimensionsMap: { RuleName: rule.ruleName }, statistic: 'Sum', ...props,
  });
}
