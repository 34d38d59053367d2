import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import { DataLake, EtlJob, RawFormat } from '../../lib/data';
import { lintQueuedTemplates, synth } from '../helpers/validators';
import { nagFindings } from '../helpers/validators';

afterAll(lintQueuedTemplates);

function setup(id = 'EtlStack') {
  const stack = new Stack(new App(), id, { env: { account: '111122223333', region: 'eu-west-1' } });
  const lake = new DataLake(stack, 'Lake', { databaseNamePrefix: 'shop' });
  return { stack, lake };
}

describe('EtlJob', () => {
  test('PySpark job with bookmarks, retries, timeout, logging, KMS security configuration, triggers', () => {
    const { stack, lake } = setup();
    const job = new EtlJob(stack, 'Orders', {
      lake,
      dataset: 'orders',
      rawFormat: RawFormat.JSON,
      columns: { order_id: 'string', amount: 'decimal(10,2)', ordered_at: 'timestamp' },
      keyColumns: ['order_id'],
      timestampColumn: 'ordered_at',
      schedule: events.Schedule.cron({ minute: '0', hour: '3' }),
      maxRetries: 2,
      timeout: Duration.minutes(90),
    });
    const t = synth(stack);
    t.hasResourceProperties('AWS::Glue::Job', {
      Command: { Name: 'glueetl', PythonVersion: '3', ScriptLocation: Match.anyValue() },
      GlueVersion: '5.0',
      MaxRetries: 2,
      Timeout: 90,
      SecurityConfiguration: Match.anyValue(),
      ExecutionProperty: { MaxConcurrentRuns: 1 },
      DefaultArguments: Match.objectLike({
        '--job-bookmark-option': 'job-bookmark-enable',
        '--enable-continuous-cloudwatch-log': 'true',
        '--source_format': 'json',
        '--schema': 'order_id:string,amount:decimal(10,2),ordered_at:timestamp',
        '--key_columns': 'order_id',
        '--target_table': 'orders',
        '--target_database': 'shop_curated',
        '--extra-py-files': Match.anyValue(),
      }),
    });
    t.hasResourceProperties('AWS::Glue::SecurityConfiguration', {
      EncryptionConfiguration: {
        S3Encryptions: [Match.objectLike({ S3EncryptionMode: 'SSE-KMS' })],
        CloudWatchEncryption: Match.objectLike({ CloudWatchEncryptionMode: 'SSE-KMS' }),
        JobBookmarksEncryption: Match.objectLike({ JobBookmarksEncryptionMode: 'CSE-KMS' }),
      },
    });
    t.hasResourceProperties('AWS::Glue::Trigger', {
      Type: 'EVENT',
      EventBatchingCondition: { BatchSize: 100, BatchWindow: 900 },
    });
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ 'detail-type': ['Object Created'], 'detail': Match.objectLike({ object: { key: [{ prefix: 'orders/' }] } }) }),
      Targets: [Match.objectLike({ Arn: Match.anyValue(), RoleArn: Match.anyValue() })],
    });
    t.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(0 3 * * ? *)' });
    expect(job.curatedLocation).toContain('/orders/');
    expect(nagFindings(stack)).toEqual([]);
  });

  describe('invalid configurations', () => {
    test('negative retries', () => {
      const { stack, lake } = setup();
      expect(() => new EtlJob(stack, 'J', { lake, dataset: 'orders', maxRetries: -1 })).toThrow(/maxRetries '-1'.*0 to 10/);
    });
    test('timeout beyond what Glue allows', () => {
      const { stack, lake } = setup();
      expect(() => new EtlJob(stack, 'J', { lake, dataset: 'orders', timeout: Duration.days(8) })).toThrow(/timeout '8 days'.*10080 minutes/);
    });
    test('arrival batch window longer than 15 minutes', () => {
      const { stack, lake } = setup();
      expect(() => new EtlJob(stack, 'J', { lake, dataset: 'orders', arrivalBatchWindow: Duration.hours(1) }))
        .toThrow(/arrivalBatchWindow '1 hour'.*15 minutes/);
    });
    test('a job that would never run', () => {
      const { stack, lake } = setup();
      expect(() => new EtlJob(stack, 'J', { lake, dataset: 'orders', runOnArrival: false })).toThrow(/runOnArrival 'false'.*never run/);
    });
    test('dataset name Athena cannot use', () => {
      const { stack, lake } = setup();
      expect(() => new EtlJob(stack, 'J', { lake, dataset: 'Order-Lines' })).toThrow(/dataset 'Order-Lines'.*'order_lines'/);
    });
    test('unknown column type', () => {
      const { stack, lake } = setup();
      expect(() => new EtlJob(stack, 'J', { lake, dataset: 'orders', columns: { id: 'uuid' } })).toThrow(/columns\['id'\] 'uuid'/);
    });
  });
});
