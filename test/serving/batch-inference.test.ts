import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { LakeZone } from '../../lib/data/lake-zone';
import { BatchInference } from '../../lib/serving/batch-inference';
import { BuiltInAlgorithm } from '../../lib/serving/built-in-algorithm';
import { ContainerImage } from '../../lib/serving/container-image';
import { Model } from '../../lib/serving/model';
import { ModelData } from '../../lib/serving/model-data';
import { lintQueuedTemplates, nagFindings, synth } from '../helpers/validators';
import { definitionOf, platformStack } from '../training/fixtures';

const aslValidator = require('asl-validator') as (d: unknown) => { isValid: boolean; errorsText: (sep?: string) => string };
afterAll(lintQueuedTemplates);

describe('BatchInference', () => {
  const { stack, data } = platformStack('Batch');
  const model = new Model(stack, 'Champion', {
    image: ContainerImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST_1_7),
    modelData: ModelData.fromBucket(data.lake.bucket(LakeZone.FEATURES), 'models/v1/model.tar.gz'),
  });
  new BatchInference(stack, 'Nightly', {
    model, lake: data.lake, inputZone: LakeZone.FEATURES, inputPrefix: 'scoring/iris/', runAfter: data.etl,
    schedule: events.Schedule.rate(Duration.days(1)),
  });
  const t = synth(stack);
  const asl = definitionOf(t, /^Nightly[0-9A-F]{8}$/);

  test('valid ASL: names the run, transforms the zone with the endpoint\'s model into the predictions area, captures for the monitors', () => {
    const r = aslValidator(asl);
    expect(r.errorsText('\n')).toBe('');
    expect(r.isValid).toBe(true);
    const p = asl.States.Transform.Parameters;
    expect(p.ModelName).toMatch(/:Champion[0-9A-F]{8}$/); // the endpoint's own Model (GetAtt ModelName)
    expect(p.TransformInput.DataSource.S3DataSource.S3Uri).toMatch(/^s3:\/\/ref-datalakefeaturesbucket.*\/scoring\/iris\/$/);
    expect(p['TransformOutput']['S3OutputPath.$']).toMatch(/^States\.Format\('s3:\/\/ref-datalakemonitoringbucket.*\/predictions\/batch\/nightly\/dt=\{\}\/\{\}\/', \$\.run\.date, \$\.run\.jobName\)$/);
    expect(p.DataCaptureConfig.DestinationS3Uri).toMatch(/\/data-capture\/batch\/nightly\/$/);
    expect(p.DataProcessing).toEqual({ JoinSource: 'Input' });
    expect(asl.States.Name.Parameters['date.$']).toBe("States.ArrayGetItem(States.StringSplit($$.Execution.StartTime, 'T'), 0)");
  });

  test('runs after each successful ETL run and on its schedule; alarms on failure', () => {
    t.hasResourceProperties('AWS::Events::Rule', { EventPattern: { 'source': ['aws.glue'], 'detail-type': ['Glue Job State Change'], 'detail': { state: ['SUCCEEDED'] } } });
    t.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 day)' });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ExecutionsFailed', Threshold: 1 });
  });

  test('passes cdk-nag AwsSolutions', () => {
    expect(nagFindings(stack)).toEqual([]);
  });

});
