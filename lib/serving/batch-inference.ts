import { Aws, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { IEtlJob } from '../data/data-interfaces';
import { IDataLake } from '../data/data-lake-base';
import { LakeZone } from '../data/lake-zone';
import { acknowledge, acknowledgeKnownWildcards, acknowledgeWildcards } from '../private/nag';
import { checkEnum, checkNumber, checkString, requireProps } from '../private/validation/checks';
import { durationIn } from '../private/validation/durations';
import { invalidProp, ownerOf } from '../private/validation/fail';
import { checkS3Prefix } from '../private/validation/s3-prefixes';
import { checkSchedule } from '../private/validation/schedules';
import { InstanceType } from './instance-type';
import { IModel } from './model';

/** Properties of a BatchInference. */
export interface BatchInferenceProps {
  /** The model to run: pass the endpoint's own `Model` for a hybrid deployment (same artifact online and in batch). */
  readonly model: IModel;
  /** The lake holding the input and receiving the predictions. */
  readonly lake: IDataLake;
  /** Zone of the input. */
  readonly inputZone: LakeZone;
  /** Prefix of the input inside the zone (every object under it is scored), e.g. `scoring/iris/`. */
  readonly inputPrefix: string;
  /**
   * Name of this batch in the predictions and data-capture areas: 1-40 lowercase letters, digits and hyphens.
   * @default - the construct id, lowercased
   */
  readonly name?: string;
  /**
   * Run on a schedule.
   * @default - no schedule (set it, or `runAfter`)
   */
  readonly schedule?: events.Schedule;
  /**
   * Run after each successful run of this ETL job.
   * @default - not after an ETL job
   */
  readonly runAfter?: IEtlJob;
  /**
   * Instance type of the transform job.
   * @default InstanceType.ML_M5_LARGE
   */
  readonly instanceType?: InstanceType;
  /**
   * Instances of the transform job.
   * @default 1
   */
  readonly instanceCount?: number;
  /**
   * Content type of the input (one record per line).
   * @default 'text/csv'
   */
  readonly contentType?: string;
  /**
   * Longest a run may take.
   * @default Duration.hours(2)
   */
  readonly timeout?: Duration;
  /**
   * Topic notified when a run fails.
   * @default - no notification (the alarm is still created)
   */
  readonly alarmTopic?: sns.ITopic;
}

/**
 * Batch Transform of a lake zone with the same `Model` the endpoint serves (hybrid deployment), on a schedule or
 * after each ETL run, with a failure alarm. Outputs, laid out for the drift and quality monitors:
 * - predictions: `s3://<monitoring bucket>/predictions/batch/<name>/dt=<yyyy-mm-dd>/<job>/<input key>.out`,
 *   one line per input line: the input record joined with the model's output (SageMaker's JoinSource=Input);
 * - data capture: `s3://<monitoring bucket>/data-capture/batch/<name>/...`, SageMaker's batch data capture in
 *   Model Monitor's JSON Lines format (the same record format as endpoint capture, with an inference id per record).
 *
 * @example
 * new BatchInference(this, 'Nightly', {
 *   model: championModel, lake, inputZone: LakeZone.FEATURES, inputPrefix: 'scoring/iris/', runAfter: etlJob,
 * });
 */
export class BatchInference extends Construct {
  /** The state machine of a run. */
  public readonly stateMachine: sfn.StateMachine;
  /** Alarm on failed runs. */
  public readonly failureAlarm: cloudwatch.Alarm;
  /** `s3://` prefix of this batch's predictions. */
  public readonly predictionsLocation: string;
  /** `s3://` prefix of this batch's data capture. */
  public readonly captureLocation: string;

  constructor(scope: Construct, id: string, props: BatchInferenceProps) {
    requireProps(ownerOf('BatchInference', `${scope.node.path}/${id}`), props, ['model', 'lake', 'inputZone', 'inputPrefix']);
    super(scope, id);
    const owner = ownerOf('BatchInference', this.node.path);
    const name = props.name ?? id.toLowerCase();
    if (!Token.isUnresolved(name) && !/^[a-z0-9](-?[a-z0-9]){0,39}$/.test(name)) {
      invalidProp(owner, props.name === undefined ? 'name (the construct id, lowercased)' : 'name', name,
        'It names the batch\'s folders: use 1-40 lowercase letters, digits and single hyphens.');
    }
    if (!props.schedule && !props.runAfter) invalidProp(owner, 'schedule', undefined, 'Set schedule or runAfter (or both), so that the batch runs.');
    checkSchedule(owner, 'schedule', props.schedule);
    checkS3Prefix(owner, 'inputPrefix', props.inputPrefix, 'slash', 'scoring/iris/');
    // Batch Transform's own instance types (botocore's TransformInstanceType), not hosting's.
    const instanceType = props.instanceType ?? InstanceType.ML_M5_LARGE;
    checkEnum(owner, 'instanceType', instanceType.toString(), 'sagemaker.TransformInstanceType', 'SageMaker Batch Transform does not offer this instance type');
    const count = props.instanceCount ?? 1;
    checkNumber(owner, 'instanceCount', count, 'sagemaker.TransformInstanceCount');
    checkString(owner, 'contentType', props.contentType, 'sagemaker.ContentType');
    if (props.timeout) durationIn(owner, 'timeout', props.timeout, { unit: 'seconds', min: Duration.seconds(1), api: 'Step Functions execution time-outs' });
    const lake = props.lake;
    const input = lake.s3Uri(props.inputZone, props.inputPrefix);
    this.predictionsLocation = lake.s3Uri(LakeZone.PREDICTIONS, `batch/${name}/`);
    this.captureLocation = lake.s3Uri(LakeZone.DATA_CAPTURE, `batch/${name}/`);
    const keyArn = lake.encryptionKey.keyArn;

    // The transform job reads and writes with the model's execution role.
    if (props.model.role) {
      const perRun = 'Each run writes under its own date and job name, known only at run time.';
      acknowledgeWildcards(props.model.role, 'The batch input prefix: every object under it is scored.', lake.grantRead(props.model.role, props.inputZone, props.inputPrefix));
      acknowledgeWildcards(props.model.role, perRun,
        lake.grantWrite(props.model.role, LakeZone.PREDICTIONS, `batch/${name}/`), lake.grantWrite(props.model.role, LakeZone.DATA_CAPTURE, `batch/${name}/`));
    }

    const prepare = new sfn.Pass(this, 'Name', {
      parameters: {
        'jobName.$': "States.Format('bi-{}', States.UUID())",
        'date.$': "States.ArrayGetItem(States.StringSplit($$.Execution.StartTime, 'T'), 0)",
      },
      resultPath: '$.run',
    });
    const transform = new sfn.CustomState(this, 'Transform', {
      stateJson: {
        Type: 'Task',
        Resource: `arn:${Aws.PARTITION}:states:::sagemaker:createTransformJob.sync`,
        Parameters: {
          'TransformJobName.$': '$.run.jobName',
          'ModelName': props.model.modelName,
          'BatchStrategy': 'MultiRecord',
          'TransformInput': { DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: input } }, ContentType: props.contentType ?? 'text/csv', SplitType: 'Line' },
          'TransformOutput': {
            'S3OutputPath.$': `States.Format('${this.predictionsLocation}dt={}/{}/', $.run.date, $.run.jobName)`,
            'AssembleWith': 'Line', 'KmsKeyId': keyArn,
          },
          'DataProcessing': { JoinSource: 'Input' },
          'DataCaptureConfig': { DestinationS3Uri: this.captureLocation, KmsKeyId: keyArn, GenerateInferenceId: true },
          'TransformResources': {
            InstanceType: instanceType.toString(), InstanceCount: count,
            ...(instanceType.hasInstanceStorage ? {} : { VolumeKmsKeyId: keyArn }),
          },
        },
        ResultPath: sfn.JsonPath.DISCARD,
      },
    });
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
    this.stateMachine = new sfn.StateMachine(this, 'Resource', {
      definitionBody: sfn.DefinitionBody.fromChainable(prepare.next(transform)),
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL },
      timeout: props.timeout ?? Duration.hours(2),
    });
    const stack = Stack.of(this);
    const statements = [
      new iam.PolicyStatement({
        actions: ['sagemaker:CreateTransformJob', 'sagemaker:DescribeTransformJob', 'sagemaker:StopTransformJob', 'sagemaker:AddTags', 'sagemaker:ListTags'],
        resources: [stack.formatArn({ service: 'sagemaker', resource: 'transform-job', resourceName: 'bi-*' })],
      }),
      new iam.PolicyStatement({
        actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
        resources: [stack.formatArn({ service: 'events', resource: 'rule', resourceName: 'StepFunctionsGetEventsForSageMakerTransformJobsRule' })],
      }),
    ];
    for (const s of statements) this.stateMachine.addToRolePolicy(s);
    acknowledgeWildcards(this.stateMachine, 'Transform jobs are named bi-<uuid> per run, known only at run time.', ...statements);
    acknowledge(this.stateMachine, 'AwsSolutions-IAM5[Resource::*]', 'Step Functions log delivery and X-Ray actions take no resource.');

    const start = new targets.SfnStateMachine(this.stateMachine);
    if (props.schedule) new events.Rule(this, 'Schedule', { schedule: props.schedule, targets: [start] });
    if (props.runAfter) {
      new events.Rule(this, 'AfterEtl', {
        description: `Scores ${name} after each successful run of ${props.runAfter.node.path}`,
        eventPattern: { source: ['aws.glue'], detailType: ['Glue Job State Change'], detail: { jobName: [props.runAfter.jobName], state: ['SUCCEEDED'] } },
        targets: [start],
      });
    }
    this.failureAlarm = this.stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }).createAlarm(this, 'FailedAlarm', {
      threshold: 1, evaluationPeriods: 1, comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING, alarmDescription: `A batch inference run of ${this.node.path} failed`,
    });
    if (props.alarmTopic) this.failureAlarm.addAlarmAction(new cwActions.SnsAction(props.alarmTopic));
    acknowledgeKnownWildcards(this);
  }
}
