/**
 * The training family (ModelRegistry, RegisteredModel, RetrainingPipeline, RetrainingTriggers, ModelApprovalDispatch):
 * invalid inputs refused at synth naming the construct, the prop, the value and the fix; token inputs deferred.
 * Limits from the generated table: SageMaker's EntityName / EntityDescription / ModelPackageArn / MetadataProperties,
 * training and transform instance types, EventBridge's cron fields, SSM parameter names, GitHub's names.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { battery, deferred, numberParam, stringParam } from './battery';
import { DataPlatform } from '../../lib/data';
import { InstanceType } from '../../lib/serving';
import {
  ModelApprovalDispatch, ModelApprovalDispatchProps, ModelRegistry, RegisteredModel, RetrainingPipeline, RetrainingPipelineProps,
  RetrainingTriggers, RetrainingTriggersProps,
} from '../../lib/training';

const FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];
/** A stack in eu-west-1 with the Iris data platform and a registry named 'iris'. */
function world() {
  const stack = new Stack(new App(), 'T', { env: { account: '111122223333', region: 'eu-west-1' } });
  const data = new DataPlatform(stack, 'Data', { dataset: 'iris', columns: { label: 'int', ...Object.fromEntries(FEATURES.map((f) => [f, 'double'])) } });
  const registry = new ModelRegistry(stack, 'Registry', { modelPackageGroupName: 'iris' });
  return { stack, data, registry };
}
function pipeline(props: Partial<RetrainingPipelineProps>): () => unknown {
  return () => {
    const { stack, data, registry } = world();
    return new RetrainingPipeline(stack, 'Retraining', { data, registry, labelColumn: 'label', featureColumns: FEATURES, ...props });
  };
}
function triggers(props: Partial<RetrainingTriggersProps>): () => unknown {
  return () => {
    const { stack, data, registry } = world();
    const p = new RetrainingPipeline(stack, 'Retraining', { data, registry, labelColumn: 'label', featureColumns: FEATURES });
    return new RetrainingTriggers(stack, 'Triggers', { pipeline: p, ...props });
  };
}
function dispatch(props: Partial<ModelApprovalDispatchProps>): () => unknown {
  return () => {
    const { stack, registry } = world();
    return new ModelApprovalDispatch(stack, 'Dispatch', { registry, ...props });
  };
}
function registered(modelPackageArn: string): () => unknown {
  return () => {
    const { stack, registry } = world();
    return new RegisteredModel(stack, 'Approved', { modelPackageArn, registry, artifactBucket: new s3.Bucket(stack, 'Artifacts') });
  };
}

describe('training: invalid configurations are refused at synth', () => {
  battery([
    // ModelRegistry
    {
      cls: 'registry', name: 'a group name with an underscore', run: () => new ModelRegistry(world().stack, 'R2', { modelPackageGroupName: 'iris_models' }),
      prop: /ModelRegistry 'T\/R2': modelPackageGroupName/, value: /'iris_models'/, fix: /1-63 letters, digits and hyphens/,
    },
    {
      cls: 'registry', name: 'a group name of 64 characters', run: () => new ModelRegistry(world().stack, 'R2', { modelPackageGroupName: 'a'.repeat(64) }),
      prop: /modelPackageGroupName/, value: /'aaaa/, fix: /1-63 letters/,
    },
    {
      cls: 'registry', name: 'a newline in the description', run: () => new ModelRegistry(world().stack, 'R2', { description: 'Iris models\nretrained weekly' }),
      prop: /ModelRegistry 'T\/R2': description/, value: /'Iris models\\nretrained weekly'/, fix: /no line breaks or tabs/,
    },
    {
      cls: 'registry', name: 'a description of 1,025 characters', run: () => new ModelRegistry(world().stack, 'R2', { description: 'd'.repeat(1025) }),
      prop: /description/, value: /'dddd/, fix: /at most 1024/,
    },
    // RegisteredModel
    {
      cls: 'arns', name: 'a group ARN instead of a version', run: registered('arn:aws:sagemaker:eu-west-1:111122223333:model-package-group/iris'),
      prop: /RegisteredModel 'T\/Approved': modelPackageArn/, value: /model-package-group\/iris/, fix: /versioned model package ARN/,
    },
    {
      cls: 'arns', name: 'a version of another group', run: registered('arn:aws:sagemaker:eu-west-1:111122223333:model-package/roses/3'),
      prop: /modelPackageArn/, value: /model-package\/roses\/3/, fix: /a version of model package group 'roses', not of the registry's group 'iris'/,
    },
    {
      cls: 'arns', name: 'a version from another region', run: registered('arn:aws:sagemaker:us-east-1:111122223333:model-package/iris/3'),
      prop: /modelPackageArn/, value: /us-east-1/, fix: /in region 'us-east-1', and the stack deploys to 'eu-west-1'/,
    },
    {
      cls: 'arns', name: 'a version from another partition', run: registered('arn:aws-cn:sagemaker:cn-north-1:111122223333:model-package/iris/3'),
      prop: /modelPackageArn/, value: /aws-cn/, fix: /partition 'aws-cn', and the stack deploys to 'aws'/,
    },
    // RetrainingPipeline
    {
      cls: 'training-props', name: 'a misspelt training instance type', run: pipeline({ trainingInstanceType: InstanceType.of('ml.m5.larg') }),
      prop: /RetrainingPipeline 'T\/Retraining': trainingInstanceType/, value: /'ml\.m5\.larg'/, fix: /did you mean 'ml\.m5\.large'/,
    },
    {
      cls: 'training-props', name: 'a hosting-only instance type for training', run: pipeline({ trainingInstanceType: InstanceType.ML_T2_MEDIUM }),
      prop: /trainingInstanceType/, value: /ml\.t2\.medium/, fix: /training does not offer/,
    },
    {
      cls: 'instance-type', name: 'a burstable instance type for the evaluation Batch Transform', run: pipeline({ evaluationInstanceType: InstanceType.ML_T2_MEDIUM }),
      prop: /evaluationInstanceType/, value: /ml\.t2\.medium/, fix: /Batch Transform does not offer/,
    },
    {
      cls: 'training-props', name: 'a max runtime beyond 28 days', run: pipeline({ maxTrainingTime: Duration.days(29), timeout: Duration.days(30) }),
      prop: /maxTrainingTime/, value: /2505600/, fix: /28 days/,
    },
    {
      cls: 'training-props', name: 'a fractional-second max runtime', run: pipeline({ maxTrainingTime: Duration.millis(1500) }),
      prop: /maxTrainingTime/, value: /1 second 500 millis/, fix: /whole number of seconds/,
    },
    {
      cls: 'cross-prop', name: 'a training time longer than the run', run: pipeline({ timeout: Duration.hours(1), maxTrainingTime: Duration.hours(2) }),
      prop: /maxTrainingTime/, value: /2 hours/, fix: /shorter than timeout \(1 hour\)/,
    },
    {
      cls: 'training-props', name: '101 hyperparameters', run: pipeline({ hyperparameters: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`p${i}`, '1'])) }),
      prop: /hyperparameters/, value: /101 hyperparameters/, fix: /0 to 100 hyperparameters/,
    },
    {
      cls: 'training-props', name: 'a hyperparameter value over 2500 characters', run: pipeline({ hyperparameters: { big: 'x'.repeat(2501) } }),
      prop: /hyperparameters\['big'\]/, value: /xxx/, fix: /0-2500 characters/,
    },
    {
      cls: 'limits', name: 'a code repository of 1,025 characters (SageMaker keeps at most 1,024)', run: pipeline({ codeRepository: `https://github.com/${'r'.repeat(1006)}` }),
      prop: /codeRepository/, value: /'https:\/\/github\.com\/rrr/, fix: /at most 1024 characters/,
    },
    {
      cls: 'limits', name: 'a code version of 1,025 characters', run: pipeline({ codeVersion: 'c'.repeat(1025) }),
      prop: /codeVersion/, value: /'cccc/, fix: /at most 1024/,
    },
    {
      cls: 's3-prefixes', name: "an artifact prefix with a leading '/'", run: pipeline({ prefix: '/retraining' }),
      prop: /RetrainingPipeline '.*': prefix/, value: /'\/retraining'/, fix: /leading '\/'/,
    },
    {
      cls: 's3-prefixes', name: "an artifact prefix ending with '/' (keys would hold '//')", run: pipeline({ prefix: 'retraining/' }),
      prop: /prefix/, value: /'retraining\/'/, fix: /without a trailing '\/'/,
    },
    {
      cls: 'key-timestamp-columns', name: 'a label column the catalog cannot hold', run: pipeline({ labelColumn: 'Label' }),
      prop: /labelColumn/, value: /'Label'/, fix: /lowercase letters, digits, underscores/,
    },
    {
      cls: 'key-timestamp-columns', name: 'the label among the features', run: pipeline({ featureColumns: ['label', 'sepal_length'] }),
      prop: /featureColumns/, value: /a list of 2/, fix: /includes the label column 'label'/,
    },
    {
      cls: 'key-timestamp-columns', name: 'a feature listed twice', run: pipeline({ featureColumns: ['sepal_length', 'sepal_length'] }),
      prop: /featureColumns/, value: /a list of 2/, fix: /lists 'sepal_length' twice/,
    },
    {
      cls: 'fractional-capacity', name: 'a holdout of 70 percent', run: pipeline({ holdoutPercent: 70 }),
      prop: /holdoutPercent/, value: /is 70\b/, fix: /whole percentage from 1 to 50/,
    },
    {
      cls: 'non-finite', name: 'a comparison margin of Infinity (rendered as null before)', run: pipeline({ comparison: { margin: Infinity } }),
      prop: /comparison\.margin/, value: /Infinity \(not a finite number\)/, fix: /at least 0/,
    },
    {
      cls: 'non-finite', name: 'a comparison alpha of NaN', run: pipeline({ comparison: { alpha: NaN } }),
      prop: /comparison\.alpha/, value: /NaN \(not a number\)/, fix: /above 0 and below 1/,
    },
    {
      cls: 'durations', name: 'a run time-out of 1.5 seconds (a state machine counts whole seconds)', run: pipeline({ timeout: Duration.millis(1500) }),
      prop: /timeout/, value: /1 second 500 millis/, fix: /whole seconds/,
    },
    {
      cls: 'arns', name: 'an imported pipeline of another service', run: () => {
        const { stack, registry, data } = world();
        return RetrainingPipeline.fromRetrainingPipelineAttributes(stack, 'Imported', {
          stateMachineArn: 'arn:aws:lambda:eu-west-1:111122223333:function:retrain', registry, newRowsMetric: data.etl.metricRecordsWritten(),
        });
      }, prop: /RetrainingPipeline\.fromRetrainingPipelineAttributes 'T\/Imported': stateMachineArn/, value: /function:retrain/, fix: /arn:aws:states:<region>:<account>:stateMachine:<name>/,
    },
    // RetrainingTriggers
    {
      cls: 'schedules', name: 'a cron minute of 60', run: triggers({ schedule: events.Schedule.cron({ minute: '60', hour: '3' }) }),
      prop: /RetrainingTriggers 'T\/Triggers': schedule/, value: /'cron\(60 3 \* \* \? \*\)'/, fix: /Minutes field '60' has '60', outside 0-59/,
    },
    {
      cls: 'schedules', name: 'an hour of 24', run: triggers({ schedule: events.Schedule.cron({ minute: '0', hour: '24' }) }),
      prop: /schedule/, value: /cron\(0 24/, fix: /Hours field '24' has '24', outside 0-23/,
    },
    {
      cls: 'schedules', name: 'day-of-month and day-of-week both given', run: triggers({ schedule: events.Schedule.expression('cron(0 3 1 * MON *)') }),
      prop: /schedule/, value: /cron\(0 3 1 \* MON \*\)/, fix: /one of Day-of-month and Day-of-week, and '\?' in the other/,
    },
    {
      cls: 'schedules', name: 'a five-field (Unix) cron', run: triggers({ schedule: events.Schedule.expression('cron(0 3 * * *)') }),
      prop: /schedule/, value: /cron\(0 3 \* \* \*\)/, fix: /has 6 fields .* not 5/,
    },
    {
      cls: 'schedules', name: 'a month name that is not one', run: triggers({ schedule: events.Schedule.expression('cron(0 3 ? JANUARY MON *)') }),
      prop: /schedule/, value: /JANUARY/, fix: /Month field 'JANUARY' has 'JANUARY', outside 1-12 or JAN-DEC/,
    },
    {
      cls: 'schedules', name: "a plural unit for a rate of 1 ('rate(1 days)')", run: triggers({ schedule: events.Schedule.expression('rate(1 days)') }),
      prop: /schedule/, value: /'rate\(1 days\)'/, fix: /takes the unit 'minute', 'hour', 'day'/,
    },
    {
      cls: 'schedules', name: 'an at() one-time schedule (EventBridge Scheduler only, not rules)', run: triggers({ schedule: events.Schedule.expression('at(2026-01-01T00:00:00)') }),
      prop: /schedule/, value: /at\(2026/, fix: /rate\(<value> <unit>\) or cron\(<6 fields>\)/,
    },
    {
      cls: 'durations', name: 'a drift window of 90 seconds (its tick is an EventBridge rate)', run: triggers({ driftRule: { window: Duration.seconds(90) } }),
      prop: /driftRule\.window/, value: /1 minute 30 seconds/, fix: /EventBridge rates count whole minutes/,
    },
    {
      cls: 'cross-prop', name: 'more alarm windows than windows looked at', run: triggers({ driftRule: { minAlarmWindows: 5, windows: 4 } }),
      prop: /driftRule\.minAlarmWindows/, value: /is 5\b/, fix: /from 1 to windows \(4\)/,
    },
    {
      cls: 'fractional-capacity', name: 'a negative minimum of new rows', run: triggers({ minNewRows: -1 }),
      prop: /minNewRows/, value: /-1/, fix: /at least 0 \(0 turns the rule off\)/,
    },
    {
      cls: 'non-finite', name: 'minNewRows NaN', run: triggers({ minNewRows: NaN }),
      prop: /minNewRows/, value: /NaN \(not a number\)/, fix: /whole number of rows/,
    },
    {
      cls: 'tokens', name: 'a token cool-down (the policy holds milliseconds computed at synth)', run: () => {
        const { stack, data, registry } = world();
        const p = new RetrainingPipeline(stack, 'Retraining', { data, registry, labelColumn: 'label', featureColumns: FEATURES });
        return new RetrainingTriggers(stack, 'Triggers', { pipeline: p, coolDown: Duration.hours(numberParam(stack, 'CoolDown', 24)) });
      }, prop: /coolDown/, value: /a token Duration/, fix: /pass a concrete Duration/,
    },
    // ModelApprovalDispatch
    {
      cls: 'github', name: "an owner ending with '-' ('acme-')", run: dispatch({ githubRepository: 'acme-/ml', githubTokenParameterName: '/cdk-mlops/github-token' }),
      prop: /ModelApprovalDispatch 'T\/Dispatch': githubRepository/, value: /'acme-\/ml'/, fix: /owner 'acme-' is not a GitHub user or organization name/,
    },
    {
      cls: 'github', name: 'a repository without its owner', run: dispatch({ githubRepository: 'acme', githubTokenParameterName: '/cdk-mlops/github-token' }),
      prop: /githubRepository/, value: /'acme'/, fix: /owner\/name as on GitHub/,
    },
    {
      cls: 'github', name: "a repository name ending in '.git'", run: dispatch({ githubRepository: 'acme/ml.git', githubTokenParameterName: '/cdk-mlops/github-token' }),
      prop: /githubRepository/, value: /'acme\/ml\.git'/, fix: /not one GitHub creates/,
    },
    {
      cls: 'cross-prop', name: 'a repository without the token parameter', run: dispatch({ githubRepository: 'acme/ml' }),
      prop: /githubTokenParameterName/, value: /undefined/, fix: /needed with githubRepository/,
    },
    {
      cls: 'limits', name: "a token parameter under the reserved 'aws' prefix", run: dispatch({ githubRepository: 'acme/ml', githubTokenParameterName: '/aws/github-token' }),
      prop: /githubTokenParameterName/, value: /'\/aws\/github-token'/, fix: /SSM reserves names starting with 'aws'/,
    },
    {
      cls: 'limits', name: 'a token parameter with a space', run: dispatch({ githubRepository: 'acme/ml', githubTokenParameterName: '/cdk mlops/token' }),
      prop: /githubTokenParameterName/, value: /'\/cdk mlops\/token'/, fix: /letters, digits, '_', '\.', '-' and '\/'/,
    },
  ]);

  test('two unnamed registries in one scope get two group names (they used to get the same one)', () => {
    const stack = new Stack(new App(), 'T');
    const a = new ModelRegistry(stack, 'Iris');
    const b = new ModelRegistry(stack, 'Roses');
    expect(a.modelPackageGroupName).not.toEqual(b.modelPackageGroupName);
    const names = Object.values(Template.fromStack(stack).findResources('AWS::SageMaker::ModelPackageGroup')).map((g) => g.Properties.ModelPackageGroupName);
    expect(new Set(names).size).toBe(2);
  });
});

test('a version ARN as SageMaker writes it (the group in lower case) is of the registry\'s group', () => {
  const { stack } = world();
  const registry = new ModelRegistry(stack, 'Mixed', { modelPackageGroupName: 'IrisModels' });
  // SageMaker's own example: group "AbaloneModelPackageGroupName", version ".../model-package/abalonemodelpackagegroupname/1".
  expect(() => new RegisteredModel(stack, 'Lower', { registry, artifactBucket: new s3.Bucket(stack, 'A'),
    modelPackageArn: 'arn:aws:sagemaker:eu-west-1:111122223333:model-package/irismodels/4' })).not.toThrow();
});

describe('training: token inputs are deferred to CloudFormation', () => {
  deferred([
    {
      name: 'RetrainingPipeline holdout, comparison, code lineage and a training time in seconds',
      refs: ['Holdout', 'Margin', 'Alpha', 'MinRows', 'CodeVersion', 'TrainSeconds'],
      run: (): Stack => {
        const { stack, data, registry } = world();
        new RetrainingPipeline(stack, 'Retraining', {
          data, registry, labelColumn: 'label', featureColumns: FEATURES, holdoutPercent: numberParam(stack, 'Holdout', 20),
          comparison: { margin: numberParam(stack, 'Margin', 0.01), alpha: numberParam(stack, 'Alpha', 0.05), minHoldoutRows: numberParam(stack, 'MinRows', 30) },
          codeVersion: stringParam(stack, 'CodeVersion', 'abc123'), maxTrainingTime: Duration.seconds(numberParam(stack, 'TrainSeconds', 3600)),
        });
        return stack;
      },
    },
    {
      name: 'RetrainingTriggers minimum of new rows (in the policy JSON)', refs: ['MinNewRows'],
      run: (): Stack => {
        const { stack, data, registry } = world();
        const p = new RetrainingPipeline(stack, 'Retraining', { data, registry, labelColumn: 'label', featureColumns: FEATURES });
        new RetrainingTriggers(stack, 'Triggers', { pipeline: p, minNewRows: numberParam(stack, 'MinNewRows', 100) });
        return stack;
      },
    },
    {
      name: 'ModelRegistry name and description, a RegisteredModel version, the dispatch repository and token parameter',
      refs: ['GroupName', 'Description', 'Version', 'Repository', 'TokenParameter'],
      run: (): Stack => {
        const stack = new Stack(new App(), 'T', { env: { account: '111122223333', region: 'eu-west-1' } });
        const registry = new ModelRegistry(stack, 'Registry', { modelPackageGroupName: stringParam(stack, 'GroupName', 'iris'), description: stringParam(stack, 'Description', 'Iris') });
        new RegisteredModel(stack, 'Approved', { registry, artifactBucket: new s3.Bucket(stack, 'Artifacts'),
          modelPackageArn: stringParam(stack, 'Version', 'arn:aws:sagemaker:eu-west-1:111122223333:model-package/iris/1') });
        new ModelApprovalDispatch(stack, 'Dispatch', { registry, githubRepository: stringParam(stack, 'Repository', 'acme/ml'),
          githubTokenParameterName: stringParam(stack, 'TokenParameter', '/cdk-mlops/github-token') });
        return stack;
      },
    },
  ]);
});
