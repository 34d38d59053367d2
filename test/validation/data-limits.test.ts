import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { battery } from './battery';
import { DataLake, DataPlatform, DataWarehouse, EtlJob, LakeZone, PipelineAlarms, RedshiftServerlessEngineOptions, StreamingEtlJob, WarehouseEngine } from '../../lib/data';

function setup() {
  const stack = new Stack(new App(), 'Data', { env: { account: '111122223333', region: 'eu-west-1' } });
  const lake = new DataLake(stack, 'Lake', { databaseNamePrefix: 'shop' });
  const stream = new kinesis.Stream(stack, 'Stream', { encryption: kinesis.StreamEncryption.MANAGED });
  return { stack, lake, stream };
}
const redshift = (options: Partial<RedshiftServerlessEngineOptions>) => () => {
  const { stack, lake } = setup();
  const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  return new DataWarehouse(stack, 'W', { lake, engine: WarehouseEngine.redshiftServerless({ vpc, ...options }) });
};
const etl = (props: object) => () => { const { stack, lake } = setup(); return new EtlJob(stack, 'J', { lake, dataset: 'orders', ...props }); };
const streaming = (props: object) => () => {
  const { stack, lake, stream } = setup();
  return new StreamingEtlJob(stack, 'S', { lake, stream, dataset: 'clicks', ...props });
};

describe('data: invalid configurations from AWS limits are refused at synth', () => {
  battery([
    {
      cls: 'glue-worker-kind', name: 'a Ray worker type on a Spark ETL job', run: etl({ workerType: 'Z.2X' as glue.WorkerType }),
      prop: /workerType/, value: /'Z\.2X'/, fix: /Ray jobs only; a Spark ETL job takes G\.1X, G\.2X, G\.4X, G\.8X/,
    },
    {
      cls: 'glue-worker-kind', name: 'the streaming-only G.025X on a batch job', run: etl({ workerType: glue.WorkerType.G_025X }),
      prop: /workerType/, value: /'G\.025X'/, fix: /Spark streaming jobs only/,
    },
    {
      cls: 'glue-worker-kind', name: 'a batch-only G.4X on a streaming job', run: streaming({ workerType: glue.WorkerType.G_4X }),
      prop: /workerType/, value: /'G\.4X'/, fix: /Spark ETL jobs only; a Spark streaming job takes G\.1X, G\.2X, G\.025X/,
    },
    {
      cls: 'glue-worker-kind', name: 'G.4X on Glue 2.0', run: etl({ workerType: glue.WorkerType.G_4X, glueVersion: glue.GlueVersion.V2_0 }),
      prop: /glueVersion/, value: /'2\.0'/, fix: /needs Glue 3\.0 or later/,
    },
    {
      cls: 'glue-worker-kind', name: 'a misspelt worker type', run: etl({ workerType: 'G.1x' as glue.WorkerType }),
      prop: /workerType/, value: /'G\.1x'/, fix: /did you mean 'G\.1X'/,
    },
    {
      cls: 'glue-worker-kind', name: 'a fractional number of workers', run: streaming({ numberOfWorkers: 2.5 }),
      prop: /numberOfWorkers/, value: /2\.5/, fix: /whole number/,
    },
    {
      cls: 'glue-worker-kind', name: 'a timeout past 7 days', run: etl({ timeout: Duration.days(8) }),
      prop: /timeout/, value: /8 days/, fix: /10080 minutes/,
    },
    {
      cls: 'streaming-columns', name: 'a streaming column type the scripts do not cast to', run: streaming({ columns: { id: 'uuid' } }),
      prop: /columns\['id'\]/, value: /'uuid'/, fix: /decimal\(p,s\)/,
    },
    {
      cls: 'streaming-columns', name: 'a streaming column name Athena needs quoted', run: streaming({ columns: { 'User ID': 'string' } }),
      prop: /columns key/, value: /'User ID'/, fix: /'user_id'/,
    },
    {
      cls: 'streaming-columns', name: 'decimal precision above 38', run: streaming({ columns: { amount: 'decimal(40,2)' } }),
      prop: /columns\['amount'\]/, value: /decimal\(40,2\)/, fix: /1 <= p <= 38/,
    },
    {
      cls: 'key-timestamp-columns', name: 'a key column missing from the schema',
      run: etl({ columns: { order_id: 'string' }, keyColumns: ['order_id', 'line_no'] }),
      prop: /keyColumns/, value: /'line_no'/, fix: /add it to columns/,
    },
    {
      cls: 'key-timestamp-columns', name: 'a timestamp column missing from the schema',
      run: etl({ columns: { order_id: 'string' }, timestampColumn: 'ordered_at' }),
      prop: /timestampColumn/, value: /'ordered_at'/, fix: /add it with type 'timestamp'/,
    },
    {
      cls: 'key-timestamp-columns', name: 'a timestamp column typed as a number',
      run: etl({ columns: { ordered_at: 'double' }, timestampColumn: 'ordered_at' }),
      prop: /columns\['ordered_at'\]/, value: /'double'/, fix: /'date', 'timestamp', 'string'/,
    },
    {
      cls: 'reserved-s3', name: "the reserved 'amzn-s3-demo-' bucket prefix", run: () => {
        const stack = new Stack(new App(), 'S');
        return new DataLake(stack, 'L', { bucketNamePrefix: 'amzn-s3-demo-lake' });
      }, prop: /bucketNamePrefix/, value: /amzn-s3-demo-lake/, fix: /reserves the prefix 'amzn-s3-demo-'/,
    },
    {
      cls: 'reserved-s3', name: "the reserved 'sthree-' bucket prefix", run: () => new DataLake(new Stack(new App(), 'S'), 'L', { bucketNamePrefix: 'sthree-lake' }),
      prop: /bucketNamePrefix/, value: /sthree-lake/, fix: /sthree-/,
    },
    {
      cls: 'alarm-period', name: 'freshness beyond what CloudWatch evaluates (7 days of hourly periods)', run: () => {
        const { stack, lake } = setup();
        return new PipelineAlarms(stack, 'A', { job: new EtlJob(stack, 'J', { lake, dataset: 'orders' }), freshness: Duration.hours(169) });
      }, prop: /freshness/, value: /'7 days 1 hour'/, fix: /at most 168 hourly periods \(7 days\)/,
    },
    {
      cls: 'limits', name: "a Redshift admin named 'public' (Redshift refuses it at deploy)", run: redshift({ adminUsername: 'public' }),
      prop: /RedshiftServerlessWarehouse '.*': adminUsername/, value: /'public'/, fix: /reserved by Redshift/,
    },
    {
      cls: 'limits', name: "a Redshift admin named 'user' (a reserved word)", run: redshift({ adminUsername: 'user' }),
      prop: /adminUsername/, value: /'user'/, fix: /reserved by Redshift.*Reserved words/,
    },
    {
      cls: 'limits', name: 'a Redshift admin name starting with a digit', run: redshift({ adminUsername: '1admin' }),
      prop: /adminUsername/, value: /'1admin'/, fix: /1-128 characters matching/,
    },
    {
      cls: 'limits', name: 'an upper-case Redshift database name', run: redshift({ databaseName: 'Analytics' }),
      prop: /databaseName/, value: /'Analytics'/, fix: /1-64 characters matching \[a-z0-9\]\+/,
    },
    {
      cls: 'limits', name: "a Redshift database named 'table'", run: redshift({ databaseName: 'table' }),
      prop: /databaseName/, value: /'table'/, fix: /reserved by Redshift/,
    },
    {
      cls: 's3-prefixes', name: "a lake grant under '/orders/' (it would grant raw//orders/*, which matches no key)", run: () => {
        const { stack, lake } = setup();
        return lake.grantRead(new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() }), LakeZone.RAW, '/orders/');
      }, prop: /DataLake 'Data\/Lake': subPath/, value: /'\/orders\/'/, fix: /leading '\/'/,
    },
    {
      cls: 's3-prefixes', name: "a lake URI with '//'", run: () => setup().lake.s3Uri(LakeZone.CURATED, 'orders//2024/'),
      prop: /subPath/, value: /'orders\/\/2024\/'/, fix: /empty folder name/,
    },
    {
      cls: 'schedules', name: 'an ETL cron with a day-of-week of 8', run: etl({ schedule: events.Schedule.expression('cron(0 3 ? * 8 *)') }),
      prop: /EtlJob '.*': schedule/, value: /cron\(0 3 \? \* 8 \*\)/, fix: /Day-of-week field '8' has '8', outside 1-7 or SUN-SAT/,
    },
    {
      cls: 'schedules', name: 'a DataPlatform cron with a minute of 60', run: () => new DataPlatform(new Stack(new App(), 'D'), 'Data', {
        dataset: 'iris', schedule: events.Schedule.cron({ minute: '60', hour: '3' }),
      }), prop: /DataPlatform 'D\/Data': schedule/, value: /cron\(60 3/, fix: /outside 0-59/,
    },
  ]);
});
