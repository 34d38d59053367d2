import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { HANDLER_RUNTIME, lambdaBundle } from '../../private/lambda-bundle';
import { checkEnvironmentSize, fitEnvironment } from '../../private/lambda-environment';
import { acknowledge, acknowledgeKeyGrant } from '../../private/nag';

/** @internal */
export interface MonitorJobProps {
  /** Bundle folder (lambda/handlers/<bundle>). */
  readonly bundle: string;
  readonly description: string;
  readonly environment: Record<string, string>;
  /**
   * Variables holding JSON that may move to an S3 object when the environment would pass Lambda's 4 KB (the handler
   * reads them through lambda/shared/config-objects.ts).
   * @default - none may move
   */
  readonly movableEnvironment?: string[];
  /** How often it runs; also bounds its timeout, so two runs never overlap on one checkpoint. */
  readonly schedule: Duration;
  readonly memorySize: number;
  readonly topic: sns.ITopic;
}

/**
 * A scheduled monitor Lambda: the function (timeout below the schedule's period, no retries, so runs never overlap
 * on a checkpoint), its EventBridge schedule, its log group, and an alarm when a run fails.
 * @internal
 */
export class MonitorJob extends Construct {
  public readonly function: lambda.Function;
  public readonly rule: events.Rule;
  public readonly failureAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: MonitorJobProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.THREE_MONTHS });
    // A run must end before the next one starts (and Lambda allows at most 15 minutes).
    const timeout = props.schedule.isUnresolved()
      ? Duration.minutes(4)
      : Duration.seconds(Math.min(900, props.schedule.toSeconds() - 60));
    const owner = `${props.description} (${this.node.path})`;
    const env = fitEnvironment(this, owner, props.environment, props.movableEnvironment ?? []);
    this.function = new lambda.Function(this, 'Function', {
      code: lambdaBundle(props.bundle),
      handler: 'index.handler',
      runtime: HANDLER_RUNTIME,
      timeout,
      memorySize: props.memorySize,
      environment: env.environment,
      description: props.description,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      retryAttempts: 0,
    });
    env.grantRead(this.function);
    checkEnvironmentSize(this.function, owner);
    acknowledge(this.function, 'AwsSolutions-L1', 'The handlers are bundled for and tested on Node.js 22 (DESIGN.md); the runtime moves with the bundle target.');
    acknowledge(this.function, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'AWSLambdaBasicExecutionRole only lets the function write its own logs.');
    acknowledgeKeyGrant(this.function);

    this.rule = new events.Rule(this, 'Schedule', {
      schedule: events.Schedule.rate(props.schedule),
      description: `${props.description} (schedule)`,
      targets: [new targets.LambdaFunction(this.function, { retryAttempts: 0 })],
    });

    this.failureAlarm = new cloudwatch.Alarm(this, 'Failed', {
      metric: this.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `A run of ${props.description} failed: its window was not reported (the next run reads it again).`,
    });
    this.failureAlarm.addAlarmAction(new actions.SnsAction(props.topic));
  }
}
