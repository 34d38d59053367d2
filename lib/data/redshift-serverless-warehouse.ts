import { Names, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as redshiftserverless from 'aws-cdk-lib/aws-redshiftserverless';
import { Construct } from 'constructs';
import { IDataLake } from './data-lake-base';
import { LakeZone } from './lake-zone';
import { acknowledgeKeyGrant, acknowledgeWildcards } from '../private/nag';
import { invalid, validateIntRange } from './private/validate';
import { RedshiftServerlessEngineOptions } from './warehouse-engine';
import { checkString, requireProps } from '../private/validation/checks';
import { checkRedshiftName } from '../private/validation/names';

/** Properties of a RedshiftServerlessWarehouse. */
export interface RedshiftServerlessWarehouseProps extends RedshiftServerlessEngineOptions {
  /** The lake the warehouse reads through external schemas. */
  readonly lake: IDataLake;
  /** Zones the warehouse role can read (objects and catalog). */
  readonly zones: LakeZone[];
}

/**
 * A Redshift Serverless namespace and workgroup: private (not publicly accessible, enhanced VPC routing),
 * encrypted with the lake key, admin password generated and stored in Secrets Manager by Redshift, audit logs
 * exported, SSL required; and an IAM role that reads the lake and its catalog, for `CREATE EXTERNAL SCHEMA`.
 */
export class RedshiftServerlessWarehouse extends Construct {
  /** The namespace (storage, users, encryption). */
  public readonly namespace: redshiftserverless.CfnNamespace;
  /** The workgroup (compute, network). */
  public readonly workgroup: redshiftserverless.CfnWorkgroup;
  /** The role the namespace assumes to read the lake and the Glue Data Catalog. */
  public readonly lakeRole: iam.Role;
  /** Security groups of the workgroup; allow inbound from clients on `port`. */
  public readonly securityGroups: ec2.ISecurityGroup[];
  /** Port of the workgroup endpoint. */
  public readonly port: number;
  /** The database created in the namespace. */
  public readonly databaseName: string;

  constructor(scope: Construct, id: string, props: RedshiftServerlessWarehouseProps) {
    requireProps(`RedshiftServerlessWarehouse '${scope.node.path}/${id}'`, props, ['lake', 'zones', 'vpc']);
    super(scope, id);
    const owner = `RedshiftServerlessWarehouse '${this.node.path}'`;
    const generated = (suffix: string) =>
      `${Names.uniqueResourceName(this, { maxLength: 50, separator: '-' }).toLowerCase().replace(/[^a-z0-9-]/g, '')}-${suffix}`;
    const namespaceName = props.namespaceName ?? generated('ns');
    const workgroupName = props.workgroupName ?? generated('wg');
    checkString(owner, 'namespaceName', namespaceName, 'redshiftserverless.NamespaceName', 'Redshift Serverless names are 3-64 lowercase letters, digits and hyphens.');
    checkString(owner, 'workgroupName', workgroupName, 'redshiftserverless.WorkgroupName', 'Redshift Serverless names are 3-64 lowercase letters, digits and hyphens.');
    const capacity = props.baseCapacityRpu ?? 8;
    validateIntRange(owner, 'baseCapacityRpu', capacity, 8, 1024, 'Use 8 to 1024 RPUs in steps of 8.');
    if (!Token.isUnresolved(capacity) && capacity % 8 !== 0) {
      invalid(owner, 'baseCapacityRpu', capacity, 'Use 8 to 1024 RPUs in steps of 8.');
    }
    this.port = props.port ?? 5439;
    if (!Token.isUnresolved(this.port) && !((this.port >= 5431 && this.port <= 5455) || (this.port >= 8191 && this.port <= 8215))) {
      invalid(owner, 'port', this.port, 'Redshift Serverless accepts ports 5431-5455 and 8191-8215.');
    }
    this.databaseName = props.databaseName ?? 'analytics';
    checkRedshiftName(owner, 'databaseName', this.databaseName, 'redshift.DatabaseName', 'a database name');
    const adminUsername = props.adminUsername ?? 'warehouse_admin';
    checkRedshiftName(owner, 'adminUsername', adminUsername, 'redshift.AdminUsername', 'a user name');
    const subnets = props.vpc.selectSubnets(props.vpcSubnets ?? {
      subnets: props.vpc.privateSubnets.length > 0 ? props.vpc.privateSubnets : props.vpc.isolatedSubnets,
    });
    if (subnets.subnets.length === 0) {
      invalid(owner, 'vpcSubnets', 'no subnets', 'The VPC has no private or isolated subnets; pass vpcSubnets that select private subnets.');
    }
    if (props.vpcSubnets && subnets.hasPublic) {
      invalid(owner, 'vpcSubnets', 'public subnets', 'The warehouse must run in private subnets; select PRIVATE_WITH_EGRESS or PRIVATE_ISOLATED subnets.');
    }

    this.lakeRole = new iam.Role(this, 'LakeRole', {
      assumedBy: new iam.CompositePrincipal(
        new iam.ServicePrincipal('redshift.amazonaws.com'),
        new iam.ServicePrincipal('redshift-serverless.amazonaws.com'),
      ),
      description: 'Lets Redshift Serverless read the data lake and its Glue Data Catalog (external schemas)',
    });
    for (const zone of props.zones) {
      acknowledgeWildcards(this.lakeRole, 'Read-only access to the objects of one lake zone, through the aws-cdk-lib read grant.',
        props.lake.grantRead(this.lakeRole, zone));
      acknowledgeWildcards(this.lakeRole, 'Catalog read of the tables of one lake database; table names are created by ETL jobs at run time.',
        props.lake.grantCatalogRead(this.lakeRole, zone));
    }
    acknowledgeKeyGrant(this.lakeRole);

    this.securityGroups = props.securityGroups ?? [new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Redshift Serverless workgroup; add inbound rules for clients on the workgroup port',
      allowAllOutbound: true,
    })];

    this.namespace = new redshiftserverless.CfnNamespace(this, 'Namespace', {
      namespaceName,
      dbName: this.databaseName,
      adminUsername,
      manageAdminPassword: true,
      adminPasswordSecretKmsKeyId: props.lake.encryptionKey.keyArn,
      kmsKeyId: props.lake.encryptionKey.keyArn,
      iamRoles: [this.lakeRole.roleArn],
      defaultIamRoleArn: this.lakeRole.roleArn,
      logExports: ['userlog', 'connectionlog', 'useractivitylog'],
    });
    this.workgroup = new redshiftserverless.CfnWorkgroup(this, 'Resource', {
      workgroupName,
      // Ref of a namespace is its name, and makes the workgroup wait for it.
      namespaceName: this.namespace.ref,
      baseCapacity: capacity,
      enhancedVpcRouting: true,
      publiclyAccessible: false,
      port: this.port,
      subnetIds: subnets.subnetIds,
      securityGroupIds: this.securityGroups.map((sg) => sg.securityGroupId),
      configParameters: [
        { parameterKey: 'enable_user_activity_logging', parameterValue: 'true' },
        { parameterKey: 'require_ssl', parameterValue: 'true' },
      ],
    });
  }

  /** ARN of the workgroup. */
  public get workgroupArn(): string {
    return this.workgroup.attrWorkgroupWorkgroupArn;
  }

  /**
   * Lets a principal get temporary database credentials (`redshift-serverless:GetCredentials`) and use the
   * Redshift Data API on this workgroup.
   */
  public grantQuery(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['redshift-serverless:GetCredentials', 'redshift-data:ExecuteStatement', 'redshift-data:BatchExecuteStatement'],
      resourceArns: [this.workgroupArn],
    }).combine(iam.Grant.addToPrincipal({
      grantee,
      // The Data API identifies statements by id only; these actions take no resource ARN.
      actions: ['redshift-data:DescribeStatement', 'redshift-data:GetStatementResult', 'redshift-data:CancelStatement'],
      resourceArns: ['*'],
    }));
  }

  /** SQL that maps a lake zone's Glue database into Redshift as an external schema. */
  public externalSchemaSql(lake: IDataLake, zone: LakeZone, schemaName: string = zone.name): string {
    return `CREATE EXTERNAL SCHEMA IF NOT EXISTS ${schemaName} FROM DATA CATALOG DATABASE '${lake.databaseName(zone)}' ` +
      `IAM_ROLE '${this.lakeRole.roleArn}' REGION '${Stack.of(this).region}';`;
  }
}
