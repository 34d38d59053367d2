import { Match, Template } from 'aws-cdk-lib/assertions';
import { ApprovalMode, LossFunction } from '../../lib/training/comparison-options';
import { ModelRegistry } from '../../lib/training/model-registry';
import { RetrainingPipeline } from '../../lib/training/retraining-pipeline';
import { lintQueuedTemplates, nagFindings, synth } from '../helpers/validators';
import { definitionOf, platformStack } from './fixtures';

const aslValidator = require('asl-validator') as (d: unknown) => { isValid: boolean; errorsText: (sep?: string) => string };
afterAll(lintQueuedTemplates);

const FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];

function build() {
  const { stack, data } = platformStack();
  const registry = new ModelRegistry(stack, 'Registry', { modelPackageGroupName: 'iris' });
  const pipeline = new RetrainingPipeline(stack, 'Retraining', {
    data, registry, labelColumn: 'label', featureColumns: FEATURES, codeVersion: 'abc123',
    comparison: { margin: 0.01, approval: ApprovalMode.AUTOMATIC, loss: LossFunction.LOG_LOSS },
  });
  return { stack, data, registry, pipeline };
}

describe('RetrainingPipeline', () => {
  const { stack } = build();
  const t = synth(stack);
  const asl = definitionOf(t, /^RetrainingC[0-9A-F]{7}$|^Retraining[0-9A-F]{8}$/);

  test('its ASL is valid (asl-validator): gate → snapshot → train → evaluate both on one holdout → register → clean up', () => {
    const result = aslValidator(asl);
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
    const chain = ['GatePassed', 'SnapshotTrain', 'SnapshotHoldout', 'Train', 'CreateChallengerModel', 'FindChampion', 'Evaluate', 'Register', 'DeleteChallengerModel', 'DeleteChampion?'];
    chain.slice(0, -1).forEach((s, i) => expect(`${s} -> ${asl.States[s].Next}`).toBe(`${s} -> ${chain[i + 1]}`));
    expect(asl.States.GateNotPassed.Type).toBe('Fail');
    const branches = asl.States.Evaluate.Branches;
    expect(branches[0].States.TransformChallenger.Parameters['TransformInput']['DataSource']['S3DataSource']['S3Uri.$'])
      .toBe(branches[1].States.TransformChampion.Parameters['TransformInput']['DataSource']['S3DataSource']['S3Uri.$']);
    expect(branches[1].States['ChampionFound?'].Choices[0]).toMatchObject({ Variable: '$.champion.found', BooleanEquals: true });
  });

  test('training reads the flat snapshot of every partition, never the partitioned curated prefix', () => {
    const train = asl.States.Train.Parameters;
    const uri: string = train.InputDataConfig[0].DataSource.S3DataSource['S3Uri.$'];
    expect(uri).toMatch(/^States\.Format\('s3:\/\/ref-.*\/retraining\/\{\}\/snapshot\/train\/', \$\.runId\)$/);
    expect(train.InputDataConfig[0]).toMatchObject({ ContentType: 'text/csv', DataSource: { S3DataSource: { S3DataType: 'S3Prefix' } } });
    const query: string = asl.States.SnapshotTrain.Parameters['QueryString.$'];
    expect(query).toContain("UNLOAD (SELECT \"label\", \"sepal_length\", \"sepal_width\", \"petal_length\", \"petal_width\" FROM");
    expect(query).toContain("WITH (format = \\'TEXTFILE\\', field_delimiter = \\',\\', compression = \\'NONE\\')");
    expect(query).toMatch(/, \$\.snapshotAt, \$\.runId\)$/);
    expect(asl.States.SnapshotHoldout.Parameters['QueryString.$']).toContain('"label", row_id, "sepal_length"');
  });

  test('evaluation drops label and row id before the model and joins them back to the prediction', () => {
    const p = asl.States.Evaluate.Branches[0].States.TransformChallenger.Parameters;
    expect(p.DataProcessing).toEqual({ InputFilter: '$[2:]', JoinSource: 'Input', OutputFilter: '$[0,1,-1]' });
    expect(p.TransformInput).toMatchObject({ ContentType: 'text/csv', SplitType: 'Line' });
  });

  test('registration gets the run, snapshot, training job, both predictions and the champion', () => {
    const payload = asl.States.Register.Parameters; // payloadResponseOnly: the parameters are the payload
    expect(Object.keys(payload).sort()).toEqual(['champion.$', 'championPredictionsUri.$', 'challengerPredictionsUri.$', 'reasons.$',
      'reportUri.$', 'runId.$', 'snapshot', 'snapshotAt.$', 'training.$'].sort());
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({
        CDK_MLOPS_COMPARISON: JSON.stringify({ loss: 'log-loss', margin: 0.01, alpha: 0.05, approval: 'automatic', minRows: 30 }),
        CDK_MLOPS_CODE_VERSION: 'abc123',
      }) },
    });
  });

  test('a model package group, retained; a failure alarm; the state machine times out after 4 hours', () => {
    t.hasResource('AWS::SageMaker::ModelPackageGroup', { Properties: { ModelPackageGroupName: 'iris' }, DeletionPolicy: 'Retain' });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ExecutionsFailed', Threshold: 1 });
    expect(asl.TimeoutSeconds).toBe(4 * 3600);
  });

  test('passes cdk-nag AwsSolutions', () => {
    expect(nagFindings(stack)).toEqual([]);
  });
});

test('the registry imports by name', () => {
  const { stack } = platformStack('Reg');
  const imported = ModelRegistry.fromModelPackageGroupName(stack, 'Imported', 'iris');
  expect(stack.resolve(imported.modelPackageGroupArn)).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':model-package-group/iris']] });
  Template.fromStack(stack);
});
