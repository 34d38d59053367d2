import { App, Duration, Size, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DataLake, DataWarehouse, WarehouseEngine } from '../../lib/data';
import { lintQueuedTemplates, synth } from '../helpers/validators';
import { nagFindings } from '../helpers/validators';

afterAll(lintQueuedTemplates);

function setup(id = 'WarehouseStack', withEnv = true) {
  // Stacks with a VPC are environment-agnostic, so subnets use Fn::GetAZs rather than dummy zone names.
  const stack = new Stack(new App(), id, withEnv ? { env: { account: '111122223333', region: 'eu-west-1' } } : {});
  const lake = new DataLake(stack, 'Lake', { databaseNamePrefix: 'shop' });
  return { stack, lake };
}

function privateVpc(stack: Stack): ec2.Vpc {
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 3,
    natGateways: 0,
    subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
  // Flow logs: AwsSolutions-VPC7 applies to the test VPC, not to the library.
  vpc.addFlowLog('FlowLog');
  return vpc;
}

describe('DataWarehouse', () => {
  test('Athena by default: enforced workgroup, SSE_KMS results, scan cutoff', () => {
    const { stack, lake } = setup();
    const wh = new DataWarehouse(stack, 'Warehouse', {
      lake, engine: WarehouseEngine.athena({ bytesScannedCutoffPerQuery: Size.gibibytes(10), resultsRetention: Duration.days(7) }),
    });
    const t = synth(stack);
    t.hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: Match.objectLike({
        EnforceWorkGroupConfiguration: true,
        PublishCloudWatchMetricsEnabled: true,
        BytesScannedCutoffPerQuery: 10 * 1024 * 1024 * 1024,
        ResultConfiguration: Match.objectLike({
          EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: Match.anyValue() },
          OutputLocation: Match.anyValue(),
        }),
      }),
    });
    t.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 7 })] },
    });
    expect(wh.externalSchemaSql).toEqual([]);
    expect(wh.redshift).toBeUndefined();
    expect(nagFindings(stack)).toEqual([]);
  });

  test('Redshift Serverless: private, enhanced VPC routing, managed admin secret, KMS, lake role, external schema SQL', () => {
    const { stack, lake } = setup('RedshiftStack', false);
    const vpc = privateVpc(stack);
    const wh = new DataWarehouse(stack, 'Warehouse', {
      lake, engine: WarehouseEngine.redshiftServerless({ vpc, baseCapacityRpu: 16 }),
    });
    const t = synth(stack);
    t.hasResourceProperties('AWS::RedshiftServerless::Namespace', {
      ManageAdminPassword: true,
      AdminPasswordSecretKmsKeyId: Match.anyValue(),
      KmsKeyId: Match.anyValue(),
      IamRoles: [Match.anyValue()],
      LogExports: ['userlog', 'connectionlog', 'useractivitylog'],
    });
    t.hasResourceProperties('AWS::RedshiftServerless::Workgroup', {
      EnhancedVpcRouting: true,
      PubliclyAccessible: false,
      BaseCapacity: 16,
      SubnetIds: Match.anyValue(),
    });
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Principal: { Service: 'redshift.amazonaws.com' },
      })]) },
    });
    expect(wh.externalSchemaSql).toHaveLength(2);
    expect(wh.externalSchemaSql[0]).toMatch(/^CREATE EXTERNAL SCHEMA IF NOT EXISTS curated FROM DATA CATALOG DATABASE 'shop_curated' IAM_ROLE '\$\{Token\[.*\]\}' REGION '\$\{Token\[AWS.Region.*\]\}';$/);
    t.hasOutput('*', { Value: Match.objectLike({ 'Fn::Join': Match.anyValue() }) });
    expect(nagFindings(stack)).toEqual([]);
  });

  test('grantQuery gives Athena query rights on the workgroup, results and lake zones', () => {
    // The grantee's own policy uses aws-cdk-lib grant wildcards; it is the caller's role, so nag is not run here.
    const { stack, lake } = setup('GrantStack');
    const wh = new DataWarehouse(stack, 'Warehouse', { lake });
    const analyst = new iam.Role(stack, 'Analyst', { assumedBy: new iam.AccountRootPrincipal() });
    expect(wh.grantQuery(analyst)).toBeInstanceOf(iam.Grant);
    const t = synth(stack);
    const policies = JSON.stringify(t.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('athena:StartQueryExecution');
    expect(policies).toContain(':table/shop_curated/*');
    expect(policies).toContain('/results/*');
  });

  describe('invalid configurations', () => {
    test('scan cutoff below the Athena minimum', () => {
      const { stack, lake } = setup();
      expect(() => new DataWarehouse(stack, 'W', { lake, engine: WarehouseEngine.athena({ bytesScannedCutoffPerQuery: Size.mebibytes(1) }) }))
        .toThrow(/bytesScannedCutoffPerQuery '1048576 bytes'.*at least 10 MB/);
    });
    test('Athena workgroup name with spaces', () => {
      const { stack, lake } = setup();
      expect(() => new DataWarehouse(stack, 'W', { lake, engine: WarehouseEngine.athena({ workGroupName: 'my workgroup' }) }))
        .toThrow(/AthenaWorkgroup '[^']*\/W\/[^']*'.*workGroupName 'my workgroup'/);
    });
    test('Redshift capacity not a multiple of 8', () => {
      const { stack, lake } = setup();
      const vpc = privateVpc(stack);
      expect(() => new DataWarehouse(stack, 'W', { lake, engine: WarehouseEngine.redshiftServerless({ vpc, baseCapacityRpu: 12 }) }))
        .toThrow(/RedshiftServerlessWarehouse '[^']*\/W\/[^']*'.*baseCapacityRpu '12'.*steps of 8/);
    });
    test('Redshift namespace name with uppercase', () => {
      const { stack, lake } = setup();
      const vpc = privateVpc(stack);
      expect(() => new DataWarehouse(stack, 'W', { lake, engine: WarehouseEngine.redshiftServerless({ vpc, namespaceName: 'Sales' }) }))
        .toThrow(/namespaceName is 'Sales'.*lowercase/);
    });
    test('Redshift in public subnets', () => {
      const { stack, lake } = setup();
      const vpc = new ec2.Vpc(stack, 'PublicVpc', { natGateways: 0, subnetConfiguration: [{ name: 'pub', subnetType: ec2.SubnetType.PUBLIC }] });
      expect(() => new DataWarehouse(stack, 'W', {
        lake, engine: WarehouseEngine.redshiftServerless({ vpc, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } }),
      })).toThrow(/vpcSubnets 'public subnets'.*private subnets/);
    });
    test('Redshift port outside the allowed ranges', () => {
      const { stack, lake } = setup();
      const vpc = privateVpc(stack);
      expect(() => new DataWarehouse(stack, 'W', { lake, engine: WarehouseEngine.redshiftServerless({ vpc, port: 5432 + 100 }) }))
        .toThrow(/port '5532'.*5431-5455/);
    });
  });
});
