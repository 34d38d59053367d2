import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
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
    const g = lake.grantRead(role, LakeZone.DATA_CAPTURE);
    expect(g).toBeInstanceOf(iam.Grant);
    expect(g.success).toBe(true);
    lake.grantWrite(role, LakeZone.CURATED);
    lake.grantCatalogRead(role, LakeZone.CURATED);
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

  test('removalPolicy DESTROY deletes data only with the context flag, with a warning', () => {
    const app = new App({ context: { '@cdk-mlops/core:removeDataOnDestroy': true } });
    const stack = new Stack(app, 'LakeStack', { env: { account: '111122223333', region: 'eu-west-1' } });
    new DataLake(stack, 'Lake', { removalPolicy: RemovalPolicy.DESTROY });
    const t = synth(stack);
    t.allResources('AWS::S3::Bucket', { DeletionPolicy: 'Delete' });
    t.allResources('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
    Annotations.fromStack(stack).hasWarning('/LakeStack/Lake', Match.stringLikeRegexp('removalPolicy is DESTROY: deleting this stack deletes every object'));
    expect(nagFindings(stack)).toEqual([]);
  });

  test('removalPolicy DESTROY without the context flag keeps the data and says which flag is missing', () => {
    const stack = newStack();
    const lake = new DataLake(stack, 'Lake', { removalPolicy: RemovalPolicy.DESTROY });
    expect(lake.removalPolicy).toBe(RemovalPolicy.RETAIN);
    const t = synth(stack);
    t.allResources('AWS::S3::Bucket', { DeletionPolicy: 'Retain' });
    Annotations.fromStack(stack).hasWarning('/LakeStack/Lake', Match.stringLikeRegexp("context flag '@cdk-mlops/core:removeDataOnDestroy' is not true"));
  });

  test('a removal policy buckets do not support is refused', () => {
    expect(() => new DataLake(newStack(), 'Lake', { removalPolicy: RemovalPolicy.SNAPSHOT }))
      .toThrow(/invalid removalPolicy 'RemovalPolicy.SNAPSHOT'.*RETAIN, RETAIN_ON_UPDATE_OR_DELETE or DESTROY/);
  });

  test('Lake Formation grants have ids from the role, so another grant does not replace them', () => {
    const ids = (withExtra: boolean) => {
      const stack = newStack();
      const lake = new DataLake(stack, 'Lake', { lakeFormation: {} });
      const a = new iam.Role(stack, 'A', { assumedBy: new iam.AccountRootPrincipal() });
      const b = new iam.Role(stack, 'B', { assumedBy: new iam.AccountRootPrincipal() });
      if (withExtra) lake.lakeFormation!.grantRead(b, LakeZone.RAW);
      lake.lakeFormation!.grantRead(a, LakeZone.CURATED);
      return Object.keys(Template.fromStack(stack).findResources('AWS::LakeFormation::PrincipalPermissions'));
    };
    const without = ids(false);
    expect(ids(true)).toEqual(expect.arrayContaining(without));
  });

  test('Lake Formation registration uses a dedicated role and grants per zone', () => {
    const stack = newStack();
    const lake = new DataLake(stack, 'Lake', { lakeFormation: {} });
    const analyst = new iam.Role(stack, 'Analyst', { assumedBy: new iam.AccountRootPrincipal() });
    lake.lakeFormation!.grantRead(analyst, LakeZone.CURATED);
    lake.lakeFormation!.grantReadWrite(analyst, LakeZone.FEATURES);
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
