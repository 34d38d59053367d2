import { ArnFormat, Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { RETRAINING_LINEAGE_ENV, RETRAINING_REGISTER_ENV } from '../../contracts/training';
import { LakeZone } from '../data/lake-zone';
import { acknowledge, acknowledgeKnownWildcards, acknowledgeWildcards } from '../private/nag';
import { checkArnOf } from '../private/validation/arns';
import { requireProps } from '../private/validation/checks';
import { ownerOf } from '../private/validation/fail';
import { rolloutFunction } from '../rollout/private/rollout-function';
import { BuiltInAlgorithm } from '../serving/built-in-algorithm';
import { ContainerImage } from '../serving/container-image';
import { InstanceType } from '../serving/instance-type';
import { ApprovalMode, LossFunction } from './comparison-options';
import { IModelRegistry } from './model-registry';
import { athenaQuery, createModel, deleteModel, transformJob } from './private/sagemaker-states';
import { TrainingJobTask } from './private/training-job-task';
import { RunLocation, sagemakerRole } from './private/sagemaker-role';
import { snapshotUnload } from './private/snapshot-sql';
import { validateRetrainingProps } from './private/validate-training';
import { IRetrainingPipeline, RetrainingPipelineAttributes } from './retraining-pipeline-base';
import { RetrainingPipelineProps } from './retraining-pipeline-props';

/**
 * Retraining from the lake, on Step Functions: quality gate → a fixed snapshot of every partition of the curated
 * table (Athena UNLOAD into flat train and holdout prefixes) → training (built-in XGBoost by default, any image) →
 * Batch Transform of the challenger and of the current champion (newest Approved version) on the same holdout →
 * a paired comparison with a margin → registration of the challenger with its lineage (Approved automatically only
 * when so configured and it wins). Start it with `RetrainingTriggers` or StartExecution with
 * `{ "runId": "run-1", "reasons": ["manual"], "snapshotAt": "2026-12-01T00:00:00Z" }`.
 *
 * @example
 * const registry = new ModelRegistry(this, 'Registry');
 * const pipeline = new RetrainingPipeline(this, 'Retraining', {
 *   data, registry, labelColumn: 'label', featureColumns: ['x1', 'x2'],
 *   comparison: { margin: 0.01, approval: ApprovalMode.AUTOMATIC },
 * });
 */
export class RetrainingPipeline extends Construct implements IRetrainingPipeline {
  /**
   * A pipeline defined elsewhere (another stack or app), so `RetrainingTriggers` can start it.
   * @param scope the parent construct
   * @param id the construct id
   * @param attrs its state machine, registry, run time-out and new-rows metric
   */
  public static fromRetrainingPipelineAttributes(scope: Construct, id: string, attrs: RetrainingPipelineAttributes): IRetrainingPipeline {
    const owner = `RetrainingPipeline.fromRetrainingPipelineAttributes '${scope.node.path}/${id}'`;
    requireProps(owner, attrs, ['stateMachineArn', 'registry', 'newRowsMetric']);
    checkArnOf(owner, 'stateMachineArn', attrs.stateMachineArn, 'states', /^stateMachine:[^\s<>{}[\]?*"#%\\^|~`$&,;:/]{1,80}$/, 'arn:aws:states:<region>:<account>:stateMachine:<name>');
    class Imported extends Construct implements IRetrainingPipeline {
      public readonly stateMachineArn = attrs.stateMachineArn;
      public readonly registry = attrs.registry;
      public readonly timeout = attrs.timeout ?? Duration.hours(4);
      public readonly newRowsMetric = attrs.newRowsMetric;
      private readonly stateMachine = sfn.StateMachine.fromStateMachineArn(this, 'StateMachine', attrs.stateMachineArn);
      public grantStartExecution(grantee: iam.IGrantable): iam.Grant {
        return this.stateMachine.grantStartExecution(grantee);
      }
    }
    return new Imported(scope, id);
  }

  /** The state machine of a run. */
  public readonly stateMachine: sfn.StateMachine;
  /** The registry versions are registered into. */
  public readonly registry: IModelRegistry;
  /** Bucket holding snapshots, model artifacts and evaluation reports (the lake's features bucket). */
  public readonly artifactBucket: s3.IBucket;
  /** The role SageMaker trains with. */
  public readonly trainingRole: iam.Role;
  /** The role of the evaluation models (Batch Transform of the holdout). */
  public readonly evaluationRole: iam.Role;
  /** Alarm on failed runs (ExecutionsFailed ≥ 1 in 5 minutes). */
  public readonly failureAlarm: cloudwatch.Alarm;
  /** The longest a run may take. */
  public readonly timeout: Duration;
  /** New rows of the curated table (the ETL's RecordsWritten, Sum): what the minimum-new-rows trigger rule counts. */
  public readonly newRowsMetric: cloudwatch.Metric;

  /** ARN of the state machine of a run. */
  public get stateMachineArn(): string {
    return this.stateMachine.stateMachineArn;
  }

  constructor(scope: Construct, id: string, props: RetrainingPipelineProps) {
    requireProps(ownerOf('RetrainingPipeline', `${scope.node.path}/${id}`), props, ['data', 'registry', 'labelColumn', 'featureColumns']);
    super(scope, id);
    const owner = ownerOf('RetrainingPipeline', this.node.path);
    validateRetrainingProps(owner, props);
    const athena = props.data.athena;
    if (!athena) throw new Error(`${owner}: data has no Athena workgroup (a Redshift warehouse); the snapshot step needs the Athena engine (WarehouseEngine.athena()).`);
    const prefix = props.prefix ?? 'retraining';
    const lake = props.data.lake;
    const bucket = lake.bucket(LakeZone.FEATURES);
    const keyArn = lake.encryptionKey.keyArn;
    this.artifactBucket = bucket;
    this.registry = props.registry;
    this.timeout = props.timeout ?? Duration.hours(4);
    this.newRowsMetric = props.data.etl.metricRecordsWritten();
    const stack = Stack.of(this);
    const fmt = sfn.JsonPath.format;
    const runId = sfn.JsonPath.stringAt('$.runId');
    const runUri = (rest: string) => fmt(`s3://${bucket.bucketName}/${prefix}/{}/${rest}`, runId);

    // Roles of the SageMaker jobs: each reads and writes its own prefixes, nothing more.
    this.trainingRole = sagemakerRole(this, 'TrainingRole', 'cdk-mlops training: read the snapshot, write the model artifact');
    const perRun = 'Each run writes under its own run id, known only at run time: <prefix>/<run id>/...';
    acknowledgeWildcards(this.trainingRole, perRun,
      bucket.grantRead(this.trainingRole, `${prefix}/*/snapshot/train/*`), bucket.grantWrite(this.trainingRole, `${prefix}/*/model/*`));
    this.evaluationRole = sagemakerRole(this, 'EvaluationRole', 'cdk-mlops evaluation: read models and the holdout, write predictions');
    bucket.grantRead(this.evaluationRole, `${prefix}/*`);
    acknowledgeWildcards(this.evaluationRole, perRun, bucket.grantWrite(this.evaluationRole, `${prefix}/*/evaluation/*`));
    const trainingImage = (props.trainingImage ?? ContainerImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST_1_7)).bind(this, this.trainingRole);
    const inferenceImage = props.inferenceImage?.bind(this, this.evaluationRole);

    const codeEnv: Record<string, string> = { [RETRAINING_LINEAGE_ENV.CODE_VERSION]: props.codeVersion ?? 'unknown' };
    if (props.codeRepository) codeEnv[RETRAINING_LINEAGE_ENV.CODE_REPOSITORY] = props.codeRepository;
    const c = props.comparison ?? {};
    const championFn = rolloutFunction(this, 'ChampionFunction', {
      bundle: 'retraining-champion', handler: 'index.handler', timeout: Duration.seconds(30),
      description: 'cdk-mlops: finds the newest Approved version of the registry (the champion)',
      environment: { [RETRAINING_REGISTER_ENV.MODEL_PACKAGE_GROUP]: props.registry.modelPackageGroupName },
    });
    const versions = 'The versions of this one model package group are numbered by SageMaker at registration: model-package/<group>/*.';
    acknowledgeWildcards(championFn, versions, props.registry.grantRead(championFn));
    const registerFn = rolloutFunction(this, 'RegisterFunction', {
      bundle: 'retraining-register', handler: 'index.handler', timeout: Duration.minutes(5),
      description: 'cdk-mlops: compares challenger and champion on the holdout, registers the challenger with its lineage',
      environment: {
        [RETRAINING_REGISTER_ENV.MODEL_PACKAGE_GROUP]: props.registry.modelPackageGroupName,
        [RETRAINING_REGISTER_ENV.COMPARISON]: JSON.stringify({
          loss: (c.loss ?? LossFunction.LOG_LOSS).value, margin: c.margin ?? 0, alpha: c.alpha ?? 0.05,
          approval: (c.approval ?? ApprovalMode.MANUAL).value, minRows: c.minHoldoutRows ?? 30,
        }),
        ...codeEnv,
      },
    });
    (registerFn.node.defaultChild as lambda.CfnFunction).addPropertyOverride('MemorySize', 1024);
    acknowledgeWildcards(registerFn, versions, props.registry.grantRegister(registerFn), props.registry.grantRead(registerFn));
    acknowledgeWildcards(registerFn, perRun,
      bucket.grantRead(registerFn, `${prefix}/*/evaluation/*`), bucket.grantPut(registerFn, `${prefix}/*/evaluation.json`));

    // Snapshot: two UNLOADs of every partition up to the snapshot date into flat prefixes (see private/snapshot-sql).
    const q = { database: props.data.trainingDatabaseName, table: props.data.trainingTableName, labelColumn: props.labelColumn,
      featureColumns: props.featureColumns, holdoutPercent: props.holdoutPercent ?? 20 };
    const location = (side: string) => `s3://${bucket.bucketName}/${prefix}/{}/snapshot/${side}/`;
    const snapshotAt = sfn.JsonPath.stringAt('$.snapshotAt');
    const snapshotTrain = athenaQuery(this, 'SnapshotTrain', fmt(snapshotUnload(q, 'train', location('train')), snapshotAt, runId), athena.workGroupName);
    const snapshotHoldout = athenaQuery(this, 'SnapshotHoldout', fmt(snapshotUnload(q, 'holdout', location('holdout')), snapshotAt, runId), athena.workGroupName);

    const train = new TrainingJobTask(this, 'Train', {
      trainingJobName: fmt('tr-{}', runId),
      role: this.trainingRole,
      algorithmSpecification: { trainingImage: tasks.DockerImage.fromRegistry(trainingImage.imageUri), trainingInputMode: tasks.InputMode.FILE },
      hyperparameters: props.hyperparameters ?? { objective: 'binary:logistic', num_round: '12', max_depth: '3', eta: '0.3' },
      inputDataConfig: [{
        channelName: 'train', contentType: 'text/csv',
        dataSource: { s3DataSource: { s3DataType: tasks.S3DataType.S3_PREFIX, s3Location: new RunLocation(runUri('snapshot/train/')) } },
      }],
      // The artifact is encrypted by the bucket's default KMS key (the lake's).
      outputDataConfig: { s3OutputLocation: new RunLocation(runUri('model/')) },
      resourceConfig: {
        instanceCount: 1,
        // The task prefixes the EC2-style type with 'ml.'.
        instanceType: new ec2.InstanceType((props.trainingInstanceType ?? InstanceType.ML_M5_LARGE).toString().replace(/^ml\./, '')),
        volumeSize: Size.gibibytes(10),
      },
      stoppingCondition: { maxRuntime: props.maxTrainingTime ?? Duration.hours(1) },
      integrationPattern: sfn.IntegrationPattern.RUN_JOB,
      resultPath: '$.training',
      resultSelector: {
        'TrainingJobName.$': '$.TrainingJobName', 'TrainingJobArn.$': '$.TrainingJobArn',
        'AlgorithmSpecification': { 'TrainingImage.$': '$.AlgorithmSpecification.TrainingImage' },
        'HyperParameters.$': '$.HyperParameters', 'ModelArtifacts.$': '$.ModelArtifacts',
      },
    });

    const evalType = (props.evaluationInstanceType ?? InstanceType.ML_M5_LARGE).toString();
    const challengerName = fmt('ch-{}', runId);
    const championName = fmt('cp-{}', runId);
    const createChallenger = createModel(this, 'CreateChallengerModel', {
      modelName: challengerName, roleArn: this.evaluationRole.roleArn, modelDataUrlPath: '$.training.ModelArtifacts.S3ModelArtifacts',
      ...(inferenceImage ? { image: inferenceImage.imageUri } : { imagePath: '$.training.AlgorithmSpecification.TrainingImage' }),
    });
    const findChampion = new tasks.LambdaInvoke(this, 'FindChampion', {
      lambdaFunction: championFn, payloadResponseOnly: true, resultPath: '$.champion', retryOnServiceExceptions: true,
    });
    const holdout = runUri('snapshot/holdout/');
    const evaluate = new sfn.Parallel(this, 'Evaluate', { resultPath: sfn.JsonPath.DISCARD });
    evaluate.branch(transformJob(this, 'TransformChallenger', {
      jobName: challengerName, modelName: challengerName, inputUri: holdout, outputUri: runUri('evaluation/challenger/'),
      instanceType: evalType, kmsKeyArn: keyArn, evaluation: true,
    }));
    evaluate.branch(new sfn.Choice(this, 'ChampionFound?')
      .when(sfn.Condition.booleanEquals('$.champion.found', true),
        createModel(this, 'CreateChampionModel', { modelName: championName, roleArn: this.evaluationRole.roleArn, imagePath: '$.champion.image', modelDataUrlPath: '$.champion.modelDataUrl' })
          .next(transformJob(this, 'TransformChampion', {
            jobName: championName, modelName: championName, inputUri: holdout, outputUri: runUri('evaluation/champion/'),
            instanceType: evalType, kmsKeyArn: keyArn, evaluation: true,
          })))
      .otherwise(new sfn.Pass(this, 'NoChampion')));
    const register = new tasks.LambdaInvoke(this, 'Register', {
      lambdaFunction: registerFn, payloadResponseOnly: true, resultPath: '$.registration', retryOnServiceExceptions: true,
      payload: sfn.TaskInput.fromObject({
        'runId.$': '$.runId', 'reasons.$': '$.reasons', 'snapshotAt.$': '$.snapshotAt',
        'snapshot': {
          sourceUri: props.data.trainingDataLocation, database: q.database, table: q.table,
          trainUri: runUri('snapshot/train/'), holdoutUri: holdout,
        },
        'training.$': '$.training',
        'challengerPredictionsUri': runUri('evaluation/challenger/'),
        'championPredictionsUri': runUri('evaluation/champion/'),
        'champion.$': '$.champion',
        'reportUri': runUri(''),
      }),
    });
    const cleanup = deleteModel(this, 'DeleteChallengerModel', challengerName)
      .next(new sfn.Choice(this, 'DeleteChampion?')
        .when(sfn.Condition.booleanEquals('$.champion.found', true), deleteModel(this, 'DeleteChampionModel', championName))
        .otherwise(new sfn.Pass(this, 'NothingToDelete')));

    const definition = props.data.gateCheck(this, 'GateCheck')
      .next(snapshotTrain).next(snapshotHoldout).next(train).next(createChallenger).next(findChampion)
      .next(evaluate).next(register).next(cleanup);
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
    this.stateMachine = new sfn.StateMachine(this, 'Resource', {
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL },
      timeout: this.timeout,
    });
    this.grantStateMachine(props, prefix, bucket);

    this.failureAlarm = this.stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }).createAlarm(this, 'FailedAlarm', {
      threshold: 1, evaluationPeriods: 1, comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING, alarmDescription: `A retraining run of ${this.node.path} failed`,
    });
    if (props.alarmTopic) this.failureAlarm.addAlarmAction(new cwActions.SnsAction(props.alarmTopic));
    acknowledgeKnownWildcards(this);
    void stack;
  }

  /** What the state machine itself calls: Athena UNLOADs, SageMaker models and transform jobs, the managed rule of .sync. */
  private grantStateMachine(props: RetrainingPipelineProps, prefix: string, bucket: s3.IBucket): void {
    const stack = Stack.of(this);
    const role = this.stateMachine.role;
    props.data.athena!.grantQuery(role);
    const unload = bucket.grantReadWrite(role, `${prefix}/*/snapshot/*`);
    const sm = (resource: string) => stack.formatArn({ service: 'sagemaker', resource, resourceName: '*' });
    const statements = [
      new iam.PolicyStatement({ actions: ['sagemaker:CreateModel', 'sagemaker:DeleteModel'], resources: [sm('model')] }),
      new iam.PolicyStatement({
        actions: ['sagemaker:CreateTransformJob', 'sagemaker:DescribeTransformJob', 'sagemaker:StopTransformJob', 'sagemaker:AddTags', 'sagemaker:ListTags'],
        resources: [sm('transform-job')],
      }),
      new iam.PolicyStatement({
        actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
        resources: [stack.formatArn({ service: 'events', resource: 'rule', resourceName: 'StepFunctionsGetEventsForSageMakerTransformJobsRule', arnFormat: ArnFormat.SLASH_RESOURCE_NAME })],
      }),
      new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: [this.evaluationRole.roleArn], conditions: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } } }),
    ];
    for (const s of statements) role.addToPrincipalPolicy(s);
    acknowledgeWildcards(this.stateMachine, 'Each run names its models and transform jobs after its run id, known only at run time; the snapshot prefixes are per run.', unload, ...statements);
    acknowledge(this.stateMachine, 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sagemaker:<AWS::Region>:<AWS::AccountId>:training-job/*]',
      'Each run names its training job after its run id, known only at run time (aws-cdk-lib SageMakerCreateTrainingJob task).');
    for (const fn of this.node.findAll().filter((n): n is lambda.Function => n instanceof lambda.Function)) {
      acknowledgeWildcards(this.stateMachine, 'aws-cdk-lib LambdaInvoke: invokes versions and aliases of the pipeline\'s own function.',
        new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [`${fn.functionArn}:*`] }));
    }
    for (const zone of ['curated', 'features']) {
      acknowledge(this.stateMachine, `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:table/${stack.resolve(props.data.lake.databaseName(zone === 'curated' ? LakeZone.CURATED : LakeZone.FEATURES))}/*]`,
        'The snapshot queries the tables of the lake database through the warehouse grant; partitions are created by the ETL at run time.');
    }
    acknowledge(this.stateMachine, 'AwsSolutions-IAM5[Resource::*]', 'Step Functions log delivery and X-Ray actions take no resource.');
  }

  /** Lets a principal start runs (e.g. an operator or a trigger). */
  public grantStartExecution(grantee: iam.IGrantable): iam.Grant {
    return this.stateMachine.grantStartExecution(grantee);
  }
}
