import { Duration, Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { requireProps } from '../private/validation/checks';

/** Options of the Athena engine. */
export interface AthenaEngineOptions {
  /**
   * Name of the Athena workgroup (letters, digits, '.', '_' and '-', at most 128 characters).
   * @default - derived from the construct path
   */
  readonly workGroupName?: string;
  /**
   * Queries that would scan more than this are cancelled by Athena. At least 10 MB.
   * @default Size.gibibytes(100)
   */
  readonly bytesScannedCutoffPerQuery?: Size;
  /**
   * How long query results are kept in the results bucket.
   * @default Duration.days(30)
   */
  readonly resultsRetention?: Duration;
}

/** Options of the Redshift Serverless engine. */
export interface RedshiftServerlessEngineOptions {
  /** The VPC the workgroup runs in. It needs S3 and Glue reachable from the chosen subnets (gateway endpoint or NAT). */
  readonly vpc: ec2.IVpc;
  /**
   * Subnets of the workgroup. Must be private; Redshift Serverless wants subnets in several Availability Zones.
   * @default - the VPC's private subnets, or its isolated subnets when it has no private ones
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Security groups of the workgroup.
   * @default - a new security group without inbound rules
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
  /**
   * Namespace name: 3-64 lowercase letters, digits and hyphens.
   * @default - derived from the construct path
   */
  readonly namespaceName?: string;
  /**
   * Workgroup name: 3-64 lowercase letters, digits and hyphens.
   * @default - derived from the construct path
   */
  readonly workgroupName?: string;
  /**
   * Name of the database created in the namespace.
   * @default 'analytics'
   */
  readonly databaseName?: string;
  /**
   * Admin user name; its password is generated and kept in Secrets Manager by Redshift (`manageAdminPassword`).
   * @default 'warehouse_admin'
   */
  readonly adminUsername?: string;
  /**
   * Base capacity in Redshift Processing Units: 8 to 1024, in steps of 8.
   * @default 8
   */
  readonly baseCapacityRpu?: number;
  /**
   * Port of the workgroup endpoint: 5431-5455 or 8191-8215.
   * @default 5439
   */
  readonly port?: number;
}

/** The kind of query engine of a DataWarehouse. */
export enum WarehouseEngineKind {
  /** Amazon Athena. */
  ATHENA = 'athena',
  /** Amazon Redshift Serverless. */
  REDSHIFT_SERVERLESS = 'redshift-serverless',
}

/**
 * The query engine of a DataWarehouse: Athena (serverless, per-query pricing, the default) or Redshift Serverless
 * (for heavier, concurrent BI workloads). Both read the lake through the Glue Data Catalog.
 */
export class WarehouseEngine {
  /** Athena with an enforced, encrypted workgroup. */
  public static athena(options: AthenaEngineOptions = {}): WarehouseEngine {
    return new WarehouseEngine(WarehouseEngineKind.ATHENA, options, undefined);
  }

  /** Redshift Serverless in private subnets, reading the lake through an external schema. */
  public static redshiftServerless(options: RedshiftServerlessEngineOptions): WarehouseEngine {
    requireProps('WarehouseEngine.redshiftServerless', options, ['vpc']);
    return new WarehouseEngine(WarehouseEngineKind.REDSHIFT_SERVERLESS, undefined, options);
  }

  private constructor(
    /** Which engine. */
    public readonly kind: WarehouseEngineKind,
    /** Athena options, when kind is ATHENA. */
    public readonly athenaOptions: AthenaEngineOptions | undefined,
    /** Redshift Serverless options, when kind is REDSHIFT_SERVERLESS. */
    public readonly redshiftOptions: RedshiftServerlessEngineOptions | undefined,
  ) {}
}
