import { CfnOutput } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AthenaWorkgroup } from './athena-workgroup';
import { IDataLake } from './data-lake-base';
import { LakeZone } from './lake-zone';
import { RedshiftServerlessWarehouse } from './redshift-serverless-warehouse';
import { WarehouseEngine, WarehouseEngineKind } from './warehouse-engine';
import { requireProps } from '../private/validation/checks';

/** Properties of a DataWarehouse. */
export interface DataWarehouseProps {
  /** The lake the warehouse queries. */
  readonly lake: IDataLake;
  /**
   * The query engine.
   * @default WarehouseEngine.athena()
   */
  readonly engine?: WarehouseEngine;
  /**
   * Lake zones the warehouse exposes to analysts.
   * @default [LakeZone.CURATED, LakeZone.FEATURES]
   */
  readonly zones?: LakeZone[];
  /**
   * Emit stack outputs (workgroup name, external-schema SQL).
   * @default true
   */
  readonly emitOutputs?: boolean;
}

/**
 * The analysts' warehouse over the lake: an Athena workgroup by default, or Redshift Serverless reading the lake
 * through external schemas. Both see the same Glue Data Catalog databases, so moving from one to the other
 * needs no data copy.
 */
export class DataWarehouse extends Construct {
  /** The engine in use. */
  public readonly engine: WarehouseEngine;
  /** The Athena workgroup, when the engine is Athena. */
  public readonly athena?: AthenaWorkgroup;
  /** The Redshift Serverless namespace and workgroup, when the engine is Redshift Serverless. */
  public readonly redshift?: RedshiftServerlessWarehouse;
  /**
   * One `CREATE EXTERNAL SCHEMA` statement per exposed zone, to run once in Redshift (for example with the query
   * editor or the Data API) after deployment. Empty for Athena, which reads the catalog directly.
   */
  public readonly externalSchemaSql: string[];
  private readonly zones: LakeZone[];

  constructor(scope: Construct, id: string, props: DataWarehouseProps) {
    requireProps(`DataWarehouse '${scope.node.path}/${id}'`, props, ['lake']);
    super(scope, id);
    this.engine = props.engine ?? WarehouseEngine.athena();
    this.zones = props.zones ?? [LakeZone.CURATED, LakeZone.FEATURES];
    const outputs = props.emitOutputs ?? true;

    if (this.engine.kind === WarehouseEngineKind.REDSHIFT_SERVERLESS) {
      this.redshift = new RedshiftServerlessWarehouse(this, 'Redshift', {
        ...this.engine.redshiftOptions!, lake: props.lake, zones: this.zones,
      });
      this.externalSchemaSql = this.zones.map((z) => this.redshift!.externalSchemaSql(props.lake, z));
      if (outputs) {
        new CfnOutput(this, 'ExternalSchemaSql', {
          description: 'Run once in the Redshift Serverless database to query the lake zones',
          value: this.externalSchemaSql.join(' '),
        });
        new CfnOutput(this, 'WorkgroupName', { value: this.redshift.workgroup.ref });
      }
    } else {
      this.athena = new AthenaWorkgroup(this, 'Athena', { ...this.engine.athenaOptions, lake: props.lake });
      this.externalSchemaSql = [];
      if (outputs) new CfnOutput(this, 'AthenaWorkGroupName', { value: this.athena.workGroupName });
    }
  }

  /**
   * Lets a principal query the warehouse: Athena query actions, results and lake read for Athena;
   * temporary credentials and the Data API for Redshift Serverless.
   */
  public grantQuery(grantee: iam.IGrantable): iam.Grant {
    if (this.athena) return this.athena.grantQuery(grantee, this.zones);
    return this.redshift!.grantQuery(grantee);
  }
}
