/**
 * Default quotas (per account and Region) of the APIs a rollout's controller calls, each with the page it comes from.
 * Pure data, used by lambda/core/rollout/api-budget.ts. Defaults only: an account's applied values are in Service
 * Quotas, and the adjustable ones can be raised.
 *
 * The CloudWatch, DynamoDB, Step Functions and Lambda figures were read from the AWS documentation pages named in
 * `source` (as archived in AWS's documentation repositories on GitHub: awsdocs/amazon-cloudwatch-user-guide,
 * awsdocs/amazon-dynamodb-developer-guide, awsdocs/aws-step-functions-developer-guide, awsdocs/aws-lambda-developer-guide);
 * the pages may have changed since. SageMaker publishes no default request rate for DescribeEndpoint.
 */

export interface ApiQuota {
  /** The default quota in `unit`; undefined when AWS publishes none. */
  readonly limit?: number;
  readonly unit: 'requests per second' | 'request units per second' | 'datapoints per second' | 'state transitions per second' | 'concurrent executions';
  /** The most items one request may carry (queries, names). */
  readonly perRequest?: number;
  readonly adjustable: boolean;
  readonly source: string;
}

const CLOUDWATCH = 'CloudWatch service quotas, https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html';

export const API_QUOTAS = {
  /** GetMetricData requests without Metrics Insights queries. */
  getMetricData: { limit: 50, unit: 'requests per second', perRequest: 500, adjustable: true,
    source: `${CLOUDWATCH}: GetMetricData 50 TPS per Region for operations without Metrics Insights queries; at most 500 MetricDataQuery structures per call (not adjustable)` },
  /** Datapoints GetMetricData may return per second when StartTime is within the last 3 hours (estimated, not actual). */
  getMetricDataDatapoints: { limit: 180_000, unit: 'datapoints per second', adjustable: false,
    source: `${CLOUDWATCH}: 180,000 Datapoints Per Second if StartTime is <= 3 hours ago, estimated from the requested range and period` },
  getMetricStatistics: { limit: 400, unit: 'requests per second', adjustable: true, source: `${CLOUDWATCH}: GetMetricStatistics 400 TPS per Region` },
  describeAlarms: { limit: 9, unit: 'requests per second', perRequest: 100, adjustable: true,
    source: `${CLOUDWATCH}: DescribeAlarms 9 TPS per Region; at most 100 AlarmNames per call (botocore cloudwatch DescribeAlarmsInput.AlarmNames max 100)` },
  describeEndpoint: { unit: 'requests per second', adjustable: false,
    source: 'none published: SageMaker\'s quotas (https://docs.aws.amazon.com/sagemaker/latest/dg/regions-quotas.html) list no default request rate for DescribeEndpoint; throttling shows as ThrottlingException' },
  /** Read request units of one on-demand table (the rollout table): a strongly consistent read of an item up to 4 KB is one. */
  dynamoDbTableReads: { limit: 40_000, unit: 'request units per second', adjustable: true,
    source: 'DynamoDB service quotas, https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html: per table (on-demand) 40,000 read request units and 40,000 write request units' },
  dynamoDbTableWrites: { limit: 40_000, unit: 'request units per second', adjustable: true,
    source: 'DynamoDB service quotas, https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html: per table (on-demand) 40,000 write request units' },
  /** Standard workflows, refill rate of the StateTransition bucket outside us-east-1, us-west-2 and eu-west-1 (the lower one). */
  stepFunctionsStateTransitions: { limit: 500, unit: 'state transitions per second', adjustable: true,
    source: 'Step Functions quotas, https://docs.aws.amazon.com/step-functions/latest/dg/limits-overview.html: StateTransition (Standard) bucket 5,000 refill 1,500/s in us-east-1, us-west-2, eu-west-1; bucket 800 refill 500/s in all other Regions' },
  lambdaConcurrentExecutions: { limit: 1_000, unit: 'concurrent executions', adjustable: true,
    source: 'Lambda quotas, https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html: 1,000 concurrent executions per Region' },
} satisfies Record<string, ApiQuota>;

export type ApiQuotaName = keyof typeof API_QUOTAS;
