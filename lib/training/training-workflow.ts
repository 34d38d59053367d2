import { ArnFormat, Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { IDataPlatform } from '../data/data-interfaces';
import { acknowledge, acknowledgeKnownWildcards } from '../private/nag';
import { BuiltInAlgorithm } from '../serving/built-in-algorithm';
import { requireProps } from '../private/validation/checks';
import { validateTrainingLimits } from './private/validate-training';

/** Properties of a `TrainingWorkflow`. */
export interface TrainingWorkflowProps {
  /** The data platform whose curated, quality-gated table is the training data. */
  readonly data: IDataPlatform;
  /** Bucket the trained model artifacts are written to. */
  readonly outputBucket: s3.IBucket;
  /**
   * Key prefix of the model artifacts.
   * @default 'models'
   */
  readonly outputPrefix?: string;
  /**
   * The training algorithm.
   * @default BuiltInAlgorithm.XGBOOST_1_7
   */
  readonly algorithm?: BuiltInAlgorithm;
  /**
   * Hyperparameters of the algorithm.
   * @default - binary logistic XGBoost, 12 rounds of depth-3 trees
   */
  readonly hyperparameters?: Record<string, string>;
  /**
   * Content type of the training channel. Glue's curated output is Parquet (label in the first column).
   * @default 'application/x-parquet'
   */
  readonly contentType?: string;
  /**
   * Training instance type.
   * @default 'ml.m5.large'
   */
  readonly instanceType?: string;
  /**
   * Longest a training job may run.
   * @default Duration.hours(1)
   */
  readonly maxRuntime?: Duration;
  /**
   * Train on a schedule too.
   * @default - only when started (e.g. by retraining triggers)
   */
  readonly schedule?: events.Schedule;
}

/**
 * Training that reads only gated data: a Step Functions workflow that first checks the data-quality gate of the
 * curated table (and fails if it did not pass), then runs a SageMaker training job on that table.
 */
export class TrainingWorkflow extends Construct {
  /** The workflow: gate check, then the training job. */
  public readonly stateMachine: sfn.StateMachine;
  /** The role SageMaker trains with: reads the curated table, writes the artifacts, nothing more. */
  public readonly trainingRole: iam.Role;

  constructor(scope: Construct, id: string, props: TrainingWorkflowProps) {
    requireProps('TrainingWorkflow', props, ['data', 'outputBucket']);
    super(scope, id);
    validateTrainingLimits(props);
    const prefix = props.outputPrefix ?? 'models';
    this.trainingRole = new iam.Role(this, 'TrainingRole', {
      assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'),
      description: 'cdk-mlops training: read curated data, write model artifacts and logs',
    });
    props.data.grantTrainingRead(this.trainingRole);
    props.outputBucket.grantWrite(this.trainingRole, `${prefix}/*`);
    this.trainingRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      resources: [Stack.of(this).formatArn({ service: 'logs', resource: 'log-group', resourceName: '/aws/sagemaker/*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
    }));
    this.trainingRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['cloudwatch:PutMetricData'], resources: ['*'],
      conditions: { StringLike: { 'cloudwatch:namespace': ['/aws/sagemaker/*'] } },
    }));

    const algorithm = props.algorithm ?? BuiltInAlgorithm.XGBOOST_1_7;
    const [bucketName, ...keyParts] = splitS3Uri(props.data.trainingDataLocation);
    const dataBucket = s3.Bucket.fromBucketName(this, 'CuratedBucket', bucketName);
    const train = new tasks.SageMakerCreateTrainingJob(this, 'Train', {
      trainingJobName: sfn.JsonPath.format('train-{}', sfn.JsonPath.uuid()),
      role: this.trainingRole,
      algorithmSpecification: {
        trainingImage: tasks.DockerImage.fromRegistry(algorithm.imageUri(this)),
        trainingInputMode: tasks.InputMode.FILE,
      },
      hyperparameters: props.hyperparameters ?? { objective: 'binary:logistic', num_round: '12', max_depth: '3', eta: '0.3' },
      inputDataConfig: [{
        channelName: 'train',
        contentType: props.contentType ?? 'application/x-parquet',
        dataSource: { s3DataSource: { s3Location: tasks.S3Location.fromBucket(dataBucket, keyParts.join('/')) } },
      }],
      outputDataConfig: { s3OutputLocation: tasks.S3Location.fromBucket(props.outputBucket, prefix) },
      resourceConfig: {
        instanceCount: 1,
        // The task prefixes the EC2-style type with 'ml.'.
        instanceType: new ec2.InstanceType((props.instanceType ?? 'ml.m5.large').replace(/^ml\./, '')),
        volumeSize: Size.gibibytes(10),
      },
      stoppingCondition: { maxRuntime: props.maxRuntime ?? Duration.hours(1) },
      integrationPattern: sfn.IntegrationPattern.RUN_JOB,
      resultPath: '$.training',
    });

    const definition = props.data.gateCheck(this, 'GateCheck').next(train);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new sfn.StateMachine(this, 'Resource', {
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL },
      timeout: Duration.hours(6),
    });
    if (props.schedule) {
      new events.Rule(this, 'Schedule', { schedule: props.schedule, targets: [new targets.SfnStateMachine(this.stateMachine)] });
    }
    acknowledgeKnownWildcards(this);
    acknowledge(this.trainingRole, `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:table/${Stack.of(this).resolve(props.data.trainingDatabaseName)}/*]`,
      'Training reads the tables of the curated database, whose partitions and table versions are created by the ETL job at run time.');
    acknowledge(this.stateMachine, 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sagemaker:<AWS::Region>:<AWS::AccountId>:training-job/*]',
      'Each execution names its training job with a fresh UUID, so the job ARN is known only at run time (aws-cdk-lib SageMakerCreateTrainingJob task).');
    acknowledge(this.stateMachine, 'AwsSolutions-IAM5[Resource::*]',
      'Step Functions log delivery and X-Ray actions take no resource; sagemaker:ListTags is how the .sync training task reads the tags of its generated job.');
  }
}

function splitS3Uri(uri: string): string[] {
  // trainingDataLocation is `s3://<bucket token>/<prefix>`; keep the bucket token intact.
  const rest = uri.replace(/^s3:\/\//, '');
  const i = rest.indexOf('/');
  return i < 0 ? [rest] : [rest.slice(0, i), ...rest.slice(i + 1).split('/')];
}
