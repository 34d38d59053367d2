import { Names, Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { captureTableDefinition } from '../../../contracts/capture-table';
import { DRIFT_ENV } from '../../../contracts/drift-monitor';
import { IAthenaWorkgroup } from '../../data/athena-workgroup';
import { IDataLake } from '../../data/data-lake-base';
import { LakeZone } from '../../data/lake-zone';
import { acknowledgeWildcards } from '../../private/nag';

/** @internal */
export interface CaptureTableProps {
  readonly lake: IDataLake;
  readonly workGroup: IAthenaWorkgroup;
  readonly captureBucket: s3.IBucket;
  readonly capturePrefix: string;
  readonly endpointName: string;
  readonly variantNames: string[];
  readonly fn: lambda.Function;
}

/**
 * The drift monitor's Athena path: a Glue table over the endpoint's capture prefix in the lake's data_capture
 * database (partition projection, contracts/capture-table.ts), the function's environment naming it, and the
 * least privilege to query it in the workgroup (the capture objects are already readable by the function).
 * @internal
 */
export class CaptureTable extends Construct {
  public readonly tableName: string;

  constructor(scope: Construct, id: string, props: CaptureTableProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // Glue table names: lower-case letters, digits and underscores.
    this.tableName = Names.uniqueResourceName(this, { maxLength: 200, separator: '_' }).toLowerCase().replace(/[^a-z0-9_]/g, '_');
    const databaseName = props.lake.databaseName(LakeZone.DATA_CAPTURE);
    const def = captureTableDefinition({
      databaseName, tableName: this.tableName, bucketName: props.captureBucket.bucketName, capturePrefix: props.capturePrefix,
      endpointName: props.endpointName, variantNames: props.variantNames,
      // Projection enumerates only the hours a query names; its start just has to precede every capture.
      projectionStart: '2020/01/01/00',
    });
    new glue.CfnTable(this, 'Resource', {
      catalogId: stack.account,
      databaseName,
      tableInput: {
        name: def.name,
        tableType: def.tableType,
        parameters: def.parameters,
        partitionKeys: def.partitionKeys.map((c) => ({ name: c.name, type: c.type })),
        storageDescriptor: {
          columns: def.storageDescriptor.columns.map((c) => ({ name: c.name, type: c.type })),
          location: def.storageDescriptor.location,
          inputFormat: def.storageDescriptor.inputFormat,
          outputFormat: def.storageDescriptor.outputFormat,
          serdeInfo: { serializationLibrary: def.storageDescriptor.serdeInfo.serializationLibrary, parameters: def.storageDescriptor.serdeInfo.parameters },
        },
      },
    });
    props.fn.addEnvironment(DRIFT_ENV.athenaWorkGroup, props.workGroup.workGroupName);
    props.fn.addEnvironment(DRIFT_ENV.athenaDatabase, databaseName);
    props.fn.addEnvironment(DRIFT_ENV.athenaTable, this.tableName);
    props.workGroup.grantQuery(props.fn, []);
    const arn = (resource: string, resourceName?: string) => stack.formatArn({ service: 'glue', resource, resourceName });
    props.fn.addToRolePolicy(new iam.PolicyStatement({
      actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartition', 'glue:GetPartitions'],
      resources: [arn('catalog'), arn('database', databaseName), arn('table', `${databaseName}/${this.tableName}`)],
    }));
    // The same grant grantQuery made (identical statements merge), kept to name its wildcard.
    const results = props.workGroup.resultsBucket.grantReadWrite(props.fn, `${props.workGroup.resultsPrefix}*`);
    acknowledgeWildcards(props.fn, 'Athena query results under the workgroup\'s results prefix: object keys are generated at run time (aws-cdk-lib grant).', results);
  }
}
