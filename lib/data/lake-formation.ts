import { Names, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lakeformation from 'aws-cdk-lib/aws-lakeformation';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DataLake } from './data-lake';
import { IDataLake } from './data-lake-base';
import { LakeZone } from './lake-zone';
import { acknowledgeKeyGrant, acknowledgeWildcards } from '../private/nag';
import { requireProps } from '../private/validation/checks';

/** How the lake is registered with AWS Lake Formation. */
export interface LakeFormationOptions {
  /**
   * Keep IAM and bucket-policy access working alongside Lake Formation permissions (hybrid access mode),
   * so registering the lake does not cut off the ETL jobs and warehouse that use IAM grants.
   * @default true
   */
  readonly hybridAccessEnabled?: boolean;
}

/** Properties of a LakeFormationRegistration. */
export interface LakeFormationRegistrationProps {
  /** The lake whose zones are registered. */
  readonly lake: IDataLake;
  /** The lake buckets to register as data locations. */
  readonly buckets: s3.IBucket[];
  /** Registration options. */
  readonly options: LakeFormationOptions;
}

/**
 * Registers the lake buckets as Lake Formation data locations, with a dedicated role (the service-linked role
 * cannot use a customer-managed KMS key), and grants Lake Formation permissions per zone.
 *
 * The identity that deploys the stack must be a Lake Formation data lake administrator.
 */
export class LakeFormationRegistration extends Construct {
  /** The role Lake Formation assumes to read and write the registered locations. */
  public readonly role: iam.Role;
  private readonly lake: IDataLake;
  private readonly registrations = new Map<string, lakeformation.CfnResource>();

  constructor(scope: Construct, id: string, props: LakeFormationRegistrationProps) {
    requireProps(`LakeFormationRegistration '${scope.node.path}/${id}'`, props, ['lake', 'buckets', 'options']);
    super(scope, id);
    this.lake = props.lake;
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lakeformation.amazonaws.com'),
      description: 'Lake Formation access to the registered data lake locations',
    });
    acknowledgeKeyGrant(this.role);
    props.buckets.forEach((bucket) => {
      acknowledgeWildcards(this.role,
        'Lake Formation vends credentials for any object of a registered location, so the role needs the whole bucket; actions are the aws-cdk-lib read/write grant set.',
        bucket.grantReadWrite(this.role));
      const res = new lakeformation.CfnResource(this, `Location${Names.nodeUniqueId(bucket.node)}`, {
        resourceArn: bucket.bucketArn,
        useServiceLinkedRole: false,
        roleArn: this.role.roleArn,
        hybridAccessEnabled: props.options.hybridAccessEnabled ?? true,
      });
      res.node.addDependency(this.role);
      this.registrations.set(bucket.node.path, res);
    });
  }

  /**
   * Grants Lake Formation DESCRIBE on the zone's database and SELECT/DESCRIBE on all its tables (Lake Formation
   * permissions, not IAM: nothing to return as an `iam.Grant`).
   * @param role the principal
   * @param zone the zone
   */
  public grantRead(role: iam.IRole, zone: LakeZone): void {
    this.grant(zone, role, 'Read', ['DESCRIBE'], ['SELECT', 'DESCRIBE']);
  }

  /**
   * Grants read plus CREATE_TABLE/ALTER on the database, INSERT/DELETE/ALTER on tables and data-location access.
   * @param role the principal
   * @param zone the zone
   */
  public grantReadWrite(role: iam.IRole, zone: LakeZone): void {
    const perm = this.grant(zone, role, 'ReadWrite', ['DESCRIBE', 'CREATE_TABLE', 'ALTER'],
      ['SELECT', 'DESCRIBE', 'INSERT', 'DELETE', 'ALTER']);
    const bucket = this.lake.bucket(zone);
    const loc = new lakeformation.CfnPrincipalPermissions(perm, 'Location', {
      principal: { dataLakePrincipalIdentifier: role.roleArn },
      resource: { dataLocation: { catalogId: Stack.of(this).account, resourceArn: bucket.bucketArn } },
      permissions: ['DATA_LOCATION_ACCESS'],
      permissionsWithGrantOption: [],
    });
    const reg = this.registrations.get(bucket.node.path);
    if (reg) loc.addResourceDependency(reg);
  }

  private grant(zone: LakeZone, role: iam.IRole, kind: string, dbPerms: string[], tablePerms: string[]): Construct {
    const account = Stack.of(this).account;
    // Named after the role, not a child count, so adding or removing another grant does not replace this one.
    const scopeId = `${kind}${zone.name}${Names.nodeUniqueId(role.node)}`;
    const existing = this.node.tryFindChild(scopeId);
    if (existing) return existing as Construct;
    const scope = new Construct(this, scopeId);
    const principal = { dataLakePrincipalIdentifier: role.roleArn };
    const db = new lakeformation.CfnPrincipalPermissions(scope, 'Database', {
      principal,
      resource: { database: { catalogId: account, name: this.lake.databaseName(zone) } },
      permissions: dbPerms,
      permissionsWithGrantOption: [],
    });
    this.dependOnDatabase(db, zone);
    const tables = new lakeformation.CfnPrincipalPermissions(scope, 'Tables', {
      principal,
      resource: { table: { catalogId: account, databaseName: this.lake.databaseName(zone), tableWildcard: {} } },
      permissions: tablePerms,
      permissionsWithGrantOption: [],
    });
    this.dependOnDatabase(tables, zone);
    return scope;
  }

  private dependOnDatabase(res: lakeformation.CfnPrincipalPermissions, zone: LakeZone): void {
    // A lake created here has the database in this stack; an imported lake's database already exists.
    if (this.lake instanceof DataLake) res.addResourceDependency(this.lake.database(zone));
  }
}
