"""Pure transformation logic of the cdk-mlops Glue jobs.

Nothing here imports pyspark or awsglue, so it is unit-tested with plain python3 (test/python) and shipped to the
jobs with --extra-py-files. The Spark scripts only wire these decisions into DataFrame calls.
"""
import datetime as _dt
import re

# Types a schema spec may use, mapped to the Spark SQL type they are cast to.
SPARK_TYPES = {
    "string": "STRING",
    "int": "INT",
    "bigint": "BIGINT",
    "double": "DOUBLE",
    "float": "FLOAT",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
}
_DECIMAL = re.compile(r"^decimal\((\d{1,2}),(\d{1,2})\)$")
PARTITION_COLUMNS = ("year", "month", "day")
SOURCE_FORMATS = ("csv", "json")


def normalize_column_name(name):
    """Athena-friendly column name: lowercase snake_case of letters, digits and underscores.

    'Order ID' -> 'order_id', 'totalAmount' -> 'total_amount', '2nd' -> 'c_2nd'.
    """
    if name is None:
        raise ValueError("column name is missing")
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", str(name).strip())
    s = re.sub(r"[^0-9a-zA-Z]+", "_", s).strip("_").lower()
    if not s:
        raise ValueError("column name %r has no letters or digits" % (name,))
    if s[0].isdigit():
        s = "c_" + s
    return s


def normalize_columns(names):
    """Normalized names of all columns; raises on two columns that normalize to the same name."""
    out, seen = [], {}
    for n in names:
        m = normalize_column_name(n)
        if m in seen:
            raise ValueError("columns %r and %r both normalize to %r" % (seen[m], n, m))
        seen[m] = n
        out.append(m)
    return out


def spark_type(type_name):
    """Spark SQL type for a schema type name ('double', 'decimal(10,2)', ...)."""
    t = type_name.strip().lower().replace(" ", "")
    if t in SPARK_TYPES:
        return SPARK_TYPES[t]
    m = _DECIMAL.match(t)
    if m and 0 < int(m.group(1)) <= 38 and int(m.group(2)) <= int(m.group(1)):
        return "DECIMAL(%s,%s)" % (m.group(1), m.group(2))
    raise ValueError("unsupported type %r; use one of %s or decimal(p,s)" % (type_name, ", ".join(sorted(SPARK_TYPES))))


def parse_schema(spec):
    """Parses 'order_id:string, amount:decimal(10,2), ts:timestamp' into [(column, SPARK TYPE)].

    Column names are normalized; an empty spec means 'keep the inferred types' and returns [].
    """
    if spec is None or not spec.strip():
        return []
    cols, seen = [], set()
    # Split on commas that are not inside parentheses (decimal(10,2)).
    for part in re.split(r",(?![^(]*\))", spec):
        part = part.strip()
        if not part:
            continue
        if ":" not in part:
            raise ValueError("schema entry %r must be 'column:type'" % part)
        name, type_name = part.split(":", 1)
        col = normalize_column_name(name)
        if col in seen:
            raise ValueError("column %r appears twice in the schema" % col)
        seen.add(col)
        cols.append((col, spark_type(type_name)))
    return cols


def cast_expressions(schema, available_columns):
    """selectExpr() expressions that cast every schema column and keep other columns as they are.

    Schema columns missing from the data become typed NULLs, so every batch has the same table schema.
    """
    typed = dict(schema)
    exprs = []
    for col in available_columns:
        if col in typed:
            exprs.append("CAST(`%s` AS %s) AS `%s`" % (col, typed[col], col))
        elif col not in PARTITION_COLUMNS:
            exprs.append("`%s`" % col)
    for col, t in schema:
        if col not in available_columns:
            exprs.append("CAST(NULL AS %s) AS `%s`" % (t, col))
    return exprs


def parse_key_columns(spec):
    """Deduplication key columns from 'order_id, line_no' (normalized); [] means whole-row deduplication."""
    if spec is None or not spec.strip():
        return []
    return [normalize_column_name(c) for c in spec.split(",") if c.strip()]


def partition_values(value):
    """{'year': 'YYYY', 'month': 'MM', 'day': 'DD'} of a date, datetime or ISO-8601 string.

    Raises ValueError for anything else, so bad event times are caught rather than written to a bogus partition.
    """
    if isinstance(value, _dt.datetime):
        d = value.date()
    elif isinstance(value, _dt.date):
        d = value
    elif isinstance(value, str) and value.strip():
        s = value.strip().replace("Z", "+00:00")
        try:
            d = _dt.datetime.fromisoformat(s).date()
        except ValueError:
            d = _dt.date.fromisoformat(s[:10])
    else:
        raise ValueError("cannot derive a partition from %r" % (value,))
    return {"year": "%04d" % d.year, "month": "%02d" % d.month, "day": "%02d" % d.day}


def partition_path(value):
    """Hive-style partition path 'year=YYYY/month=MM/day=DD/' of a date or timestamp."""
    p = partition_values(value)
    return "".join("%s=%s/" % (k, p[k]) for k in PARTITION_COLUMNS)


def source_format(name):
    """Validates the --source_format job argument."""
    f = (name or "").strip().lower()
    if f not in SOURCE_FORMATS:
        raise ValueError("source format %r is not supported; use one of %s" % (name, ", ".join(SOURCE_FORMATS)))
    return f


def glue_format_options(fmt):
    """Glue reader format options of a raw source format."""
    if fmt == "csv":
        return {"withHeader": True, "separator": ",", "quoteChar": '"'}
    return {"multiline": False}


def s3_uri(bucket, prefix=""):
    """s3://bucket/prefix/ with exactly one slash between parts and a trailing slash."""
    if not bucket:
        raise ValueError("bucket is required")
    p = prefix.strip("/")
    return "s3://%s/%s" % (bucket, p + "/" if p else "")


def table_name_from_prefix(prefix):
    """Catalog table name of a dataset prefix: 'sales/Orders-2024/' -> 'sales_orders_2024'."""
    name = normalize_column_name(prefix.strip("/").replace("/", "_")) if prefix and prefix.strip("/") else ""
    if not name:
        raise ValueError("a dataset prefix is required to name the table")
    return name


def optional_arg(argv, name, default=""):
    """Value of an optional job argument ('--name value' or '--name=value') in argv, else `default`.

    Glue's getResolvedOptions requires every name it is given, and Glue may drop arguments whose value is empty,
    so arguments that can be empty (schema, keys, timestamp column) are read with this instead.
    """
    flag = "--" + name
    for i, a in enumerate(argv):
        if a == flag:
            if i + 1 < len(argv) and not argv[i + 1].startswith("--"):
                return argv[i + 1]
            return default
        if a.startswith(flag + "="):
            return a[len(flag) + 1:]
    return default
