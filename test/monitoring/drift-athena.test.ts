/**
 * DriftMonitor's Athena path at synth: with `athena`, a Glue table over the endpoint's capture prefix (partition
 * projection on variant and hour) in the lake's data_capture database, the function's environment naming the
 * workgroup, database and table, and query rights scoped to that workgroup and table; cfn-lint and cdk-nag clean.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { ATHENA_SWITCH } from '../../contracts/capture-table';
import { DEFAULT_ATHENA_SWITCH_BYTES, DRIFT_ENV } from '../../contracts/drift-monitor';
import { LakeZone } from '../../lib/data/lake-zone';
import { DriftBaseline, DriftFeatures, DriftMonitor, FeatureKind } from '../../lib/monitoring';
import { lintQueuedTemplates, nagFindings, synth } from '../helpers/validators';
import { monitoringFixture } from './fixtures';

afterAll(lintQueuedTemplates);

test('one switch point: the construct default is the documented ATHENA_SWITCH (4 GiB)', () => {
  expect(DEFAULT_ATHENA_SWITCH_BYTES).toBe(ATHENA_SWITCH.maxLambdaBytes);
  expect(ATHENA_SWITCH.maxLambdaBytes).toBe(4 * 1024 ** 3);
});

test('with athena: the capture table, the environment and scoped query rights', () => {
  const { stack, data, endpoint } = monitoringFixture();
  const drift = new DriftMonitor(stack, 'Drift', {
    endpoint, lake: data.lake, monitorName: 'iris-drift', athena: data.warehouse.athena,
    features: DriftFeatures.of([{ name: 'sepal_length', kind: FeatureKind.NUMERIC }, { name: 'score', kind: FeatureKind.NUMERIC, fromOutput: true }]),
    baseline: DriftBaseline.fromBucket(data.lake.curatedBucket, 'baselines/iris/statistics.json'),
  });
  expect(drift.captureTableName).toMatch(/^[a-z0-9_]+$/);
  const t = synth(stack);
  t.hasResourceProperties('AWS::Glue::Table', {
    DatabaseName: data.lake.databaseName(LakeZone.DATA_CAPTURE),
    TableInput: Match.objectLike({
      Name: drift.captureTableName,
      PartitionKeys: [{ Name: 'variant', Type: 'string' }, { Name: 'dt', Type: 'string' }],
      Parameters: Match.objectLike({
        'projection.enabled': 'true',
        'projection.variant.values': 'champion,challenger',
        'projection.dt.format': 'yyyy/MM/dd/HH',
        'storage.location.template': Match.anyValue(),
      }),
      StorageDescriptor: Match.objectLike({ SerdeInfo: Match.objectLike({ SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' }) }),
    }),
  });
  t.hasResourceProperties('AWS::Lambda::Function', {
    Environment: { Variables: Match.objectLike({
      [DRIFT_ENV.athenaTable]: drift.captureTableName,
      [DRIFT_ENV.athenaDatabase]: data.lake.databaseName(LakeZone.DATA_CAPTURE),
      [DRIFT_ENV.athenaWorkGroup]: Match.anyValue(),
    }) },
  });
  const policies = JSON.stringify(t.findResources('AWS::IAM::Policy'));
  expect(policies).toContain('athena:StartQueryExecution');
  expect(policies).toContain(`:table/${data.lake.databaseName(LakeZone.DATA_CAPTURE)}/${drift.captureTableName}`);
  expect(nagFindings(stack)).toEqual([]);
});
