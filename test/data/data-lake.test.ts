import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DataLake, LakeZone } from '../../lib/data';
import { lintQueuedTemplates, synth } from '../helpers/validators';
import { nagFindings } from '../helpers/validators';

afterAll(lintQueuedTemplates);

function newStack(id = 'LakeStack'): Stack {
  return new Stack(new App(), id, { env: { account: '111122223333', region: 'eu-west-1' } });
}

describe('DataLake', () => {
  test('secure defaults: KMS with rotation, TLS only, versioned, blocked public access, retained, logged', () => {
    const stack = newStack();
    new DataLake(stack, 'Lake');
    const t = synth(stack);
    t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    t.resourceCountIs('AWS::S3::Bucket', 5);
    t.allResourcesProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    t.allResources('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    t.resourcePropertiesCountIs('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({
        ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() },
      })] },
      LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
    }, 4);
    // TLS only on every bucket.
    t.resourcePropertiesCountIs('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      })]) },
    }, 5);
    t.resourceCountIs('AWS::Glue::Database', 6);
    t.hasResourceProperties('AWS::Glue::Database', {
      DatabaseInput: Match.objectLike({ Name: Match.stringLikeRegexp('^[a-z][a-z0-9_]*_curated$') }),
    });
    expect(nagFindings(stack)).toEqual([]);
  });

  test('lifecycle rules from Durations and catalog names from the prefix', () => {
    const stack = newStack();
    const lake = new DataLake(stack, 'Lake', {
      databaseNamePrefix: 'sales',
      bucketNamePrefix: 'acme-sales-lake',
      lifecycle: {
        transitionToInfrequentAccessAfter: Duration.days(30),
        transitionToGlacierAfter: Duration.days(180),
        expireAfter: Duration.days(730),
        noncurrentVersionExpiration: Duration.days(30),
      },
    });
    const t = synth(stack);
    expect(lake.databaseName(LakeZone.GROUND_TRUTH)).toBe('sales_ground_truth');
    t.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'acme-sales-lake-raw',
      LifecycleConfiguration: { Rules: [Match.objectLike({
        ExpirationInDays: 730,
        NoncurrentVersionExpiration: { NoncurrentDays: 30 },
        Transitions: [
          { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
          { StorageClass: 'GLACIER', TransitionInDays: 180 },
        ],
      })] },
    });
    t.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: Match.objectLike({ Name: 'sales_raw' }) });
  });

  test('grants are scoped to the zone prefix and return iam.Grant', () => {
    const stack = newStack();
    const lake = new DataLake(stack, 'Lake');
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    const g = lake.grantRead(LakeZone.DATA_CAPTURE, role);
    expect(g).toBeInstanceOf(iam.Grant);
    expect(g.success).toBe(true);
    lake.grantWrite(LakeZone.CURATED, role);
    lake.grantCatalogRead(LakeZone.CURATED, role);
    expect(lake.bucket(LakeZone.PREDICTIONS)).toBe(lake.monitoringBucket);
    expect(lake.bucket(LakeZone.RAW)).not.toBe(lake.curatedBucket);
    const t = synth(stack);
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Action: Match.arrayWith(['s3:GetObject*']),
        Resource: Match.arrayWith([{ 'Fn::Join': ['', [Match.objectLike({ 'Fn::GetAtt': Match.anyValue() }), '/data-capture/*']] }]),
      })]) },
    });
  });

  test('destroyDataOnRemoval is an explicit opt-in with a warning', () => {
    const stack = newStack();
    new DataLake(stack, 'Lake', { destroyDataOnRemoval: true });
    const t = synth(stack);
    t.allResources('AWS::S3::Bucket', { DeletionPolicy: 'Delete' });
    Annotations.fromStack(stack).hasWarning('/LakeStack/Lake', Match.stringLikeRegexp('destroyDataOnRemoval is true'));
    expect(nagFindings(stack)).toEqual([]);
  });

  test('Lake Formation registration uses a dedicated role and grants per zone', () => {
    const stack = newStack();
    const lake = new DataLake(stack, 'Lake', { lakeFormation: {} });
    const analyst = new iam.Role(stack, 'Analyst', { assumedBy: new iam.AccountRootPrincipal() });
    lake.lakeFormation!.grantRead(LakeZone.CURATED, analyst);
    lake.lakeFormation!.grantReadWrite(LakeZone.FEATURES, analyst);
    const t = synth(stack);
    t.resourceCountIs('AWS::LakeFormation::Resource', 4);
    t.hasResourceProperties('AWS::LakeFormation::Resource', { UseServiceLinkedRole: false, HybridAccessEnabled: true });
    t.hasResourceProperties('AWS::LakeFormation::PrincipalPermissions', { Permissions: ['SELECT', 'DESCRIBE'] });
    t.hasResourceProperties('AWS::LakeFormation::PrincipalPermissions', { Permissions: ['DATA_LOCATION_ACCESS'] });
    expect(nagFindings(stack)).toEqual([]);
  });

  describe('invalid configurations fail at synth with the prop, value and fix', () => {
    test('bucket name prefix S3 cannot use', () => {
      expect(() => new DataLake(newStack(), 'Lake', { bucketNamePrefix: 'My_Lake' }))
        .toThrow(/bucketNamePrefix 'My_Lake'.*lowercase letters/);
    });
    test('bucket name prefix too long for the longest bucket name', () => {
      expect(() => new DataLake(newStack(), 'Lake', { bucketNamePrefix: 'a'.repeat(55) }))
        .toThrow(/bucketNamePrefix '.*-access-logs'.*3-63 characters/);
    });
    test('database prefix Athena cannot query unquoted', () => {
      expect(() => new DataLake(newStack(), 'Lake', { databaseNamePrefix: 'Sales-Lake' }))
        .toThrow(/databaseNamePrefix 'Sales-Lake'.*lowercase letters, digits and underscores.*'sales_lake'/);
    });
    test('Glacier before infrequent access', () => {
      expect(() => new DataLake(newStack(), 'Lake', {
        lifecycle: { transitionToInfrequentAccessAfter: Duration.days(60), transitionToGlacierAfter: Duration.days(30) },
      })).toThrow(/lifecycle.transitionToGlacierAfter '30 days'.*before.*infrequent access/);
    });
    test('infrequent access before the 30 days S3 requires', () => {
      expect(() => new DataLake(newStack(), 'Lake', { lifecycle: { transitionToInfrequentAccessAfter: Duration.days(7) } }))
        .toThrow(/transitionToInfrequentAccessAfter '7 days'.*at least 30/);
    });
    test('expiry before a transition', () => {
      expect(() => new DataLake(newStack(), 'Lake', {
        lifecycle: { transitionToGlacierAfter: Duration.days(90), expireAfter: Duration.days(60) },
      })).toThrow(/lifecycle.expireAfter '60 days'.*later than every transition/);
    });
    test('lifecycle durations that are not whole days', () => {
      expect(() => new DataLake(newStack(), 'Lake', { lifecycle: { expireAfter: Duration.hours(36) } }))
        .toThrow(/lifecycle.expireAfter '1 day 12 hours'.*whole days/);
    });
  });
});
