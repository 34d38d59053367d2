"""cdk-mlops batch ETL: raw CSV/JSON -> typed, deduplicated, date-partitioned Parquet in the curated zone.

Job arguments (set by the EtlJob construct): --source_path, --source_format, --target_path, --target_database,
--target_table, --schema, --key_columns, --timestamp_column, --metrics_namespace.
Job bookmarks make each run read only the raw objects that arrived since the last successful run.
"""
import sys

import boto3
from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import functions as F

import cdk_mlops_transforms as t

ARGS = ["JOB_NAME", "source_path", "source_format", "target_path", "target_database", "target_table",
        "metrics_namespace"]
args = getResolvedOptions(sys.argv, ARGS)
for optional in ("schema", "key_columns", "timestamp_column"):
    args[optional] = t.optional_arg(sys.argv, optional)

sc = SparkContext.getOrCreate()
glue_context = GlueContext(sc)
logger = glue_context.get_logger()
job = Job(glue_context)
job.init(args["JOB_NAME"], args)

fmt = t.source_format(args["source_format"])
schema = t.parse_schema(args["schema"])
keys = t.parse_key_columns(args["key_columns"])
ts_col = t.normalize_column_name(args["timestamp_column"]) if args["timestamp_column"].strip() else ""

raw = glue_context.create_dynamic_frame.from_options(
    connection_type="s3",
    connection_options={"paths": [args["source_path"]], "recurse": True},
    format=fmt,
    format_options=t.glue_format_options(fmt),
    transformation_ctx="raw_source",  # the bookmark key: keep it stable
)
df = raw.toDF()
written = 0
if len(df.columns) > 0:
    df = df.toDF(*t.normalize_columns(df.columns))
    df = df.selectExpr(*t.cast_expressions(schema, df.columns))
    if keys:
        df = df.dropna(subset=keys).dropDuplicates(keys)
    else:
        df = df.dropDuplicates()
    event_time = F.col(ts_col) if ts_col and ts_col in df.columns else F.current_timestamp()
    df = (df.withColumn("year", F.date_format(event_time, "yyyy"))
            .withColumn("month", F.date_format(event_time, "MM"))
            .withColumn("day", F.date_format(event_time, "dd"))
            .dropna(subset=list(t.PARTITION_COLUMNS)))
    written = df.count()
    if written > 0:
        sink = glue_context.getSink(
            path=args["target_path"],
            connection_type="s3",
            updateBehavior="UPDATE_IN_DATABASE",
            partitionKeys=list(t.PARTITION_COLUMNS),
            enableUpdateCatalog=True,
            transformation_ctx="curated_sink",
        )
        sink.setCatalogInfo(catalogDatabase=args["target_database"], catalogTableName=args["target_table"])
        sink.setFormat("glueparquet", compression="snappy")
        sink.writeFrame(DynamicFrame.fromDF(df, glue_context, "curated"))

logger.info("cdk-mlops: wrote %d records to %s" % (written, args["target_path"]))
# Freshness signal: the pipeline alarms watch this metric, not S3 object counts.
boto3.client("cloudwatch").put_metric_data(
    Namespace=args["metrics_namespace"],
    MetricData=[{"MetricName": "RecordsWritten", "Dimensions": [{"Name": "JobName", "Value": args["JOB_NAME"]}],
                 "Value": float(written), "Unit": "Count"}],
)
job.commit()
