/**
 * The shape of the data API: props take interfaces, an existing lake can be imported and used by the ETL and
 * warehouse constructs, grants put the grantee first, the gate has an event helper.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { DataLake, DataQualityGate, DataWarehouse, EtlJob, GateStatus, IDataLake, LakeZone } from '../../lib/data';

function importedLake(stack: Stack): IDataLake {
  const bucket = (name: string) => s3.Bucket.fromBucketName(stack, name, `corp-lake-${name}`);
  return DataLake.fromDataLakeAttributes(stack, 'Lake', {
    encryptionKey: kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
    rawBucket: bucket('raw'), curatedBucket: bucket('curated'), featuresBucket: bucket('features'), monitoringBucket: bucket('monitoring'),
    databaseNamePrefix: 'corp',
  });
}

describe('DataLake.fromDataLakeAttributes', () => {
  test('an imported lake resolves zones, databases and grantee-first grants to its own buckets', () => {
    const stack = new Stack(new App(), 'S', { env: { account: '111122223333', region: 'eu-west-1' } });
    const lake = importedLake(stack);
    expect(lake.s3Uri(LakeZone.GROUND_TRUTH, 'iris/')).toBe(`s3://corp-lake-monitoring/${LakeZone.GROUND_TRUTH.prefix}iris/`);
    expect(lake.databaseName(LakeZone.CURATED)).toBe('corp_curated');
    const role = new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() });
    const grant = lake.grantRead(role, LakeZone.CURATED, 'orders/');
    expect(grant.success).toBe(true);
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(JSON.stringify(statements)).toContain('corp-lake-curated/orders/*');
  });

  test('ETL job and Athena warehouse accept an imported lake', () => {
    const stack = new Stack(new App(), 'S', { env: { account: '111122223333', region: 'eu-west-1' } });
    const lake = importedLake(stack);
    const job = new EtlJob(stack, 'Etl', { lake, dataset: 'orders', columns: { id: 'string' } });
    new DataWarehouse(stack, 'Wh', { lake });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Glue::Job', 1);
    t.resourceCountIs('AWS::Athena::WorkGroup', 1);
    expect(job.databaseName).toBe('corp_curated');
    // The imported lake is never deleted from here.
    expect(lake.removalPolicy).toBe('retain');
  });

  test('an invalid database prefix is refused with the fix', () => {
    const stack = new Stack();
    expect(() => DataLake.fromDataLakeAttributes(stack, 'L', {
      encryptionKey: new kms.Key(stack, 'K'), rawBucket: new s3.Bucket(stack, 'B1'), curatedBucket: new s3.Bucket(stack, 'B2'),
      featuresBucket: new s3.Bucket(stack, 'B3'), monitoringBucket: new s3.Bucket(stack, 'B4'), databaseNamePrefix: 'Corp-Lake',
    })).toThrow(/databaseNamePrefix 'Corp-Lake'.*'corp_lake'/);
  });
});

describe('DataQualityGate.onGateStatus', () => {
  test('a rule on PASSED events of this gate, with its target', () => {
    const stack = new Stack(new App(), 'S', { env: { account: '111122223333', region: 'eu-west-1' } });
    const lake = new DataLake(stack, 'Lake');
    const job = new EtlJob(stack, 'Etl', { lake, dataset: 'orders', columns: { id: 'string' } });
    const gate = new DataQualityGate(stack, 'Gate', { job, rules: 'Rules = [ RowCount > 0 ]' });
    const topic = new sns.Topic(stack, 'T', { enforceSSL: true });
    const rule: events.Rule = gate.onGateStatus('OnPassed', { status: GateStatus.PASSED, target: new targets.SnsTopic(topic) });
    expect(rule.node.scope).toBe(gate);
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': [DataQualityGate.EVENT_SOURCE],
        'detail-type': [DataQualityGate.EVENT_DETAIL_TYPE],
        'detail': { gate: [gate.gateName], status: ['PASSED'] },
      },
      Targets: Match.arrayWith([Match.objectLike({ Id: 'Target0' })]),
    });
  });
});
