import { Duration, Names } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { BASELINE_ENV } from '../../contracts/drift-monitor';
import { monitorPrefix } from '../../contracts/monitoring-jobs';
import { IDataPlatform } from '../data/data-interfaces';
import { GateStatus } from '../data/data-quality-gate-check';
import { LakeZone } from '../data/lake-zone';
import { HANDLER_RUNTIME, lambdaBundle } from '../private/lambda-bundle';
import { checkEnvironmentSize, fitEnvironment } from '../private/lambda-environment';
import { acknowledge, acknowledgeKeyGrant, acknowledgeKnownWildcards, acknowledgeWildcards } from '../private/nag';
import { IBaselineSource } from './drift-baseline';
import { DriftFeatures } from './drift-features';
import { checkJobName } from './private/validate-monitor';
import { requireProps } from '../private/validation/checks';
import { ownerOf } from '../private/validation/fail';
import { checkRange } from '../private/validation/numbers';

/** Properties of a BaselineJob. */
export interface BaselineJobProps {
  /** The data platform whose curated table (the training data) the baseline describes. */
  readonly data: IDataPlatform;
  /** The features (columns of the curated table) to describe; output features are left out (they are not columns). */
  readonly features: DriftFeatures;
  /**
   * Rows read at most: above this, a Bernoulli sample of the table of about this size (exact quantiles need the
   * values in memory: about 8 bytes per value).
   * @default 1000000
   */
  readonly maxRows?: number;
  /**
   * Run after every data-quality gate evaluation that PASSED (new training data).
   * @default true
   */
  readonly runOnGatePass?: boolean;
  /**
   * Name of the baseline: the folder of its files.
   * @default - derived from the construct path
   */
  readonly baselineName?: string;
}

/**
 * Computes a drift baseline, Model Monitor's `statistics.json` and `constraints.json`, from the curated training
 * table: a Lambda queries the table with Athena (the DataPlatform's workgroup; Parquet or CSV, whatever the Glue
 * table declares) and computes the statistics with the same code the drift monitor uses on captured data, so a
 * window and its baseline are binned identically. It runs when the data-quality gate passes, and on demand
 * (`aws lambda invoke --function-name <function>`).
 *
 * Why Athena and a Lambda rather than a Glue job: the curated table is already in the catalog and the workgroup
 * already exists, a query starts in seconds (a Glue Spark job in a minute or more), and computing the statistics
 * in TypeScript keeps one definition of every statistic for baselines and windows.
 *
 * @example
 * const baselineJob = new BaselineJob(this, 'Baseline', { data, features: DriftFeatures.fromDataPlatform(data, { exclude: ['label'] }) });
 * new DriftMonitor(this, 'Drift', { endpoint, lake: data.lake, features, baseline: DriftBaseline.fromBaselineJob(baselineJob) });
 */
export class BaselineJob extends Construct implements IBaselineSource {
  /** Bucket of the files (the lake's monitoring bucket). */
  public readonly outputBucket: s3.IBucket;
  /** Key of statistics.json. */
  public readonly statisticsKey: string;
  /** Key of constraints.json. */
  public readonly constraintsKey: string;
  /** The Lambda that computes the baseline. */
  public readonly function: lambda.IFunction;
  /**
   * The features the baseline describes: the request features of `features` (always set; optional in the type
   * because `IBaselineSource.describedFeatures` is).
   */
  public readonly describedFeatures?: DriftFeatures;

  constructor(scope: Construct, id: string, props: BaselineJobProps) {
    requireProps(ownerOf('BaselineJob', `${scope.node.path}/${id}`), props, ['data', 'features']);
    super(scope, id);
    const owner = ownerOf('BaselineJob', this.node.path);
    const maxRows = props.maxRows ?? 1_000_000;
    checkRange(owner, 'maxRows', maxRows, { min: 100, max: 10_000_000, integer: true });
    const workGroup = props.data.athena;
    if (!workGroup) {
      throw new Error(`${owner}: data has no Athena workgroup (its warehouse is not Athena); the baseline job queries the curated table with Athena. Use WarehouseEngine.athena() or provide statistics.json with DriftBaseline.fromBucket.`);
    }
    const name = props.baselineName ?? Names.uniqueResourceName(this, { maxLength: 64, separator: '-' });
    checkJobName(owner, 'baselineName', name);
    this.describedFeatures = props.features._inputs();
    const inputs = props.features._inputs()._schema();
    this.outputBucket = props.data.lake.bucket(LakeZone.DATA_CAPTURE);
    const prefix = `${monitorPrefix(name)}baseline/`;
    this.statisticsKey = `${prefix}statistics.json`;
    this.constraintsKey = `${prefix}constraints.json`;

    const env = fitEnvironment(this, owner, {
      [BASELINE_ENV.schema]: JSON.stringify(inputs),
      [BASELINE_ENV.workGroup]: workGroup.workGroupName,
      [BASELINE_ENV.database]: props.data.trainingDatabaseName,
      [BASELINE_ENV.table]: props.data.trainingTableName,
      [BASELINE_ENV.maxRows]: String(maxRows),
      [BASELINE_ENV.outputBucket]: this.outputBucket.bucketName,
      [BASELINE_ENV.outputPrefix]: prefix,
    }, [BASELINE_ENV.schema]);
    const fn = new lambda.Function(this, 'Function', {
      code: lambdaBundle('baseline'),
      handler: 'index.handler',
      runtime: HANDLER_RUNTIME,
      timeout: Duration.minutes(15),
      memorySize: 3008,
      description: `cdk-mlops drift baseline of ${props.data.trainingDatabaseName}.${props.data.trainingTableName}`,
      logGroup: new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.THREE_MONTHS }),
      loggingFormat: lambda.LoggingFormat.JSON,
      retryAttempts: 0,
      environment: env.environment,
    });
    this.function = fn;
    env.grantRead(fn);
    checkEnvironmentSize(fn, owner);
    acknowledge(fn, 'AwsSolutions-L1', 'The handlers are bundled for and tested on Node.js 22 (DESIGN.md); the runtime moves with the bundle target.');
    acknowledge(fn, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'AWSLambdaBasicExecutionRole only lets the function write its own logs.');
    acknowledgeKeyGrant(fn);
    const query = workGroup.grantQuery(fn, [LakeZone.CURATED]);
    const write = this.outputBucket.grantWrite(fn, `${prefix}*`);
    acknowledgeKnownWildcards(fn);
    acknowledgeWildcards(fn, 'Query results under the workgroup\'s results/ prefix and the baseline\'s own folder: object keys are generated at run time (aws-cdk-lib grants).', write);
    acknowledgeWildcards(fn, 'Athena reads the curated zone\'s catalog tables, which the ETL job creates at run time.',
      new iam.PolicyStatement({ actions: ['glue:GetTable'], resources: props.data.lake.catalogArns(LakeZone.CURATED) }));
    void query;

    if (props.runOnGatePass ?? true) {
      new events.Rule(this, 'OnGatePass', {
        description: `Recompute the drift baseline when ${props.data.trainingTableName} passes its quality gate`,
        eventPattern: props.data.gate.statusEventPattern(GateStatus.PASSED),
        targets: [new targets.LambdaFunction(fn, { retryAttempts: 2 })],
      });
    }
  }
}
