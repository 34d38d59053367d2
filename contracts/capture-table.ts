/**
 * The Glue table over an endpoint's Data Capture files, for the drift monitor's Athena path (windows too large for
 * one Lambda run), as data that lib/ renders into a CfnTable and the handler names in its queries. Partition
 * projection (no crawler, no MSCK REPAIR): `variant` is an enum of the endpoint's variants, `dt` the capture
 * hour folder `yyyy/MM/dd/HH`. JSON lines are read by the OpenX JSON SerDe (column names in lower case).
 * Also: the switch point above which a window goes to Athena (README "Drift statistics").
 */

export interface CaptureTableOptions {
  readonly databaseName: string;
  readonly tableName: string;
  readonly bucketName: string;
  /** The capture prefix (`<prefix>/<endpoint>/<variant>/yyyy/mm/dd/hh/*.jsonl`), without slashes at its ends. */
  readonly capturePrefix: string;
  readonly endpointName: string;
  readonly variantNames: readonly string[];
  /** First hour of the projection range, `yyyy/MM/dd/HH`. */
  readonly projectionStart: string;
}

export interface GlueColumn {
  readonly name: string;
  readonly type: string;
}

/** Glue TableInput fields (as CloudFormation's AWS::Glue::Table TableInput spells them, camelCase). */
export interface CaptureTableDefinition {
  readonly name: string;
  readonly tableType: 'EXTERNAL_TABLE';
  readonly partitionKeys: readonly GlueColumn[];
  readonly parameters: { readonly [key: string]: string };
  readonly storageDescriptor: {
    readonly columns: readonly GlueColumn[];
    readonly location: string;
    readonly inputFormat: string;
    readonly outputFormat: string;
    readonly serdeInfo: { readonly serializationLibrary: string; readonly parameters: { readonly [key: string]: string } };
  };
}

const SIDE = 'struct<observedcontenttype:string,mode:string,data:string,encoding:string>';

/** The capture table's columns (SageMaker's record layout). */
export const CAPTURE_TABLE_COLUMNS: readonly GlueColumn[] = [
  { name: 'capturedata', type: `struct<endpointinput:${SIDE},endpointoutput:${SIDE}>` },
  { name: 'eventmetadata', type: 'struct<eventid:string,inferenceid:string,inferencetime:string>' },
  { name: 'eventversion', type: 'string' },
];

export function captureTableDefinition(o: CaptureTableOptions): CaptureTableDefinition {
  const prefix = o.capturePrefix.replace(/^\/+|\/+$/g, '');
  const base = `s3://${o.bucketName}/${prefix ? `${prefix}/` : ''}${o.endpointName}/`;
  return {
    name: o.tableName,
    tableType: 'EXTERNAL_TABLE',
    partitionKeys: [{ name: 'variant', type: 'string' }, { name: 'dt', type: 'string' }],
    parameters: {
      'classification': 'json',
      'projection.enabled': 'true',
      'projection.variant.type': 'enum',
      'projection.variant.values': o.variantNames.join(','),
      'projection.dt.type': 'date',
      'projection.dt.format': 'yyyy/MM/dd/HH',
      'projection.dt.range': `${o.projectionStart},NOW`,
      'projection.dt.interval': '1',
      'projection.dt.interval.unit': 'HOURS',
      'storage.location.template': `${base}\${variant}/\${dt}/`,
    },
    storageDescriptor: {
      columns: CAPTURE_TABLE_COLUMNS,
      location: base,
      inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
      outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
      serdeInfo: { serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe', parameters: { 'ignore.malformed.json': 'true', 'case.insensitive': 'true' } },
    },
  };
}

/**
 * Above these sizes a window is computed by Athena instead of in the drift Lambda. Derived from the measured
 * single-process rate (npm run bench -- drift) with a 4x margin for a shared Lambda vCPU, and a 5-minute budget of
 * the Lambda's 15: see README "Drift statistics" for the measurement.
 */
export const ATHENA_SWITCH = {
  /** Capture bytes of the window (known from the S3 listing before reading). */
  maxLambdaBytes: 4 * 1024 ** 3,
  /** Records, when known (e.g. from the previous windows' rate). */
  maxLambdaRecords: 8_000_000,
} as const;

/** Whether a window of this size goes to Athena (either limit crossed). */
export function windowGoesToAthena(bytes: number, records?: number): boolean {
  return bytes > ATHENA_SWITCH.maxLambdaBytes || (records !== undefined && records > ATHENA_SWITCH.maxLambdaRecords);
}
