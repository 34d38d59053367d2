"""cdk-mlops streaming ETL: Kinesis Data Stream (JSON records) -> date-partitioned Parquet in a lake zone.

Job arguments (set by the StreamingEtlJob construct): --stream_arn, --starting_position, --target_path,
--checkpoint_path, --window_size, --schema, --metrics_namespace.
"""
import sys

import boto3
from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import functions as F

import cdk_mlops_transforms as t

ARGS = ["JOB_NAME", "stream_arn", "starting_position", "target_path", "checkpoint_path", "window_size",
        "metrics_namespace"]
args = getResolvedOptions(sys.argv, ARGS)
args["schema"] = t.optional_arg(sys.argv, "schema")

sc = SparkContext.getOrCreate()
glue_context = GlueContext(sc)
job = Job(glue_context)
job.init(args["JOB_NAME"], args)
schema = t.parse_schema(args["schema"])
cloudwatch = boto3.client("cloudwatch")

stream = glue_context.create_data_frame.from_options(
    connection_type="kinesis",
    connection_options={
        "streamARN": args["stream_arn"],
        "startingPosition": args["starting_position"],
        "classification": "json",
        "inferSchema": "true",
    },
    transformation_ctx="kinesis_source",
)


def process_batch(batch_df, batch_id):
    if batch_df.rdd.isEmpty():
        return
    df = batch_df.toDF(*t.normalize_columns(batch_df.columns))
    df = df.selectExpr(*t.cast_expressions(schema, df.columns))
    now = F.current_timestamp()
    df = (df.withColumn("year", F.date_format(now, "yyyy"))
            .withColumn("month", F.date_format(now, "MM"))
            .withColumn("day", F.date_format(now, "dd")))
    count = df.count()
    df.write.mode("append").partitionBy(*t.PARTITION_COLUMNS).parquet(args["target_path"])
    cloudwatch.put_metric_data(
        Namespace=args["metrics_namespace"],
        MetricData=[{"MetricName": "RecordsWritten", "Dimensions": [{"Name": "JobName", "Value": args["JOB_NAME"]}],
                     "Value": float(count), "Unit": "Count"}],
    )


glue_context.forEachBatch(
    frame=stream,
    batch_function=process_batch,
    options={"windowSize": args["window_size"], "checkpointLocation": args["checkpoint_path"]},
)
job.commit()
