"""Unit tests of the pure Glue transformation module (no pyspark needed)."""
import datetime as dt
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "assets", "glue"))

import cdk_mlops_transforms as t  # noqa: E402


class ColumnNames(unittest.TestCase):
    def test_normalizes_to_snake_case(self):
        self.assertEqual(t.normalize_column_name("Order ID"), "order_id")
        self.assertEqual(t.normalize_column_name("totalAmount"), "total_amount")
        self.assertEqual(t.normalize_column_name("  price (EUR) "), "price_eur")
        self.assertEqual(t.normalize_column_name("2nd"), "c_2nd")

    def test_rejects_names_without_letters(self):
        with self.assertRaises(ValueError):
            t.normalize_column_name("---")
        with self.assertRaises(ValueError):
            t.normalize_column_name(None)

    def test_detects_collisions(self):
        self.assertEqual(t.normalize_columns(["A b", "c"]), ["a_b", "c"])
        with self.assertRaisesRegex(ValueError, "both normalize to 'a_b'"):
            t.normalize_columns(["A b", "a-b"])


class Schema(unittest.TestCase):
    def test_parses_types_including_decimal(self):
        self.assertEqual(
            t.parse_schema("Order ID:string, amount:decimal(10,2), ts:timestamp,qty:int"),
            [("order_id", "STRING"), ("amount", "DECIMAL(10,2)"), ("ts", "TIMESTAMP"), ("qty", "INT")],
        )

    def test_empty_spec_keeps_inferred_types(self):
        self.assertEqual(t.parse_schema(""), [])
        self.assertEqual(t.parse_schema(None), [])

    def test_rejects_bad_entries(self):
        for spec in ("id", "id:uuid", "a:int,a:string", "x:decimal(40,2)", "x:decimal(5,6)"):
            with self.subTest(spec=spec), self.assertRaises(ValueError):
                t.parse_schema(spec)

    def test_cast_expressions_cast_keep_and_fill(self):
        schema = [("id", "STRING"), ("amount", "DOUBLE"), ("missing", "INT")]
        self.assertEqual(
            t.cast_expressions(schema, ["id", "amount", "note", "year"]),
            ["CAST(`id` AS STRING) AS `id`", "CAST(`amount` AS DOUBLE) AS `amount`", "`note`",
             "CAST(NULL AS INT) AS `missing`"],
        )


class KeysAndPartitions(unittest.TestCase):
    def test_key_columns(self):
        self.assertEqual(t.parse_key_columns("Order ID, line"), ["order_id", "line"])
        self.assertEqual(t.parse_key_columns(" "), [])

    def test_partition_values_from_strings_dates_and_datetimes(self):
        expected = {"year": "2024", "month": "03", "day": "07"}
        self.assertEqual(t.partition_values("2024-03-07T23:59:59Z"), expected)
        self.assertEqual(t.partition_values("2024-03-07"), expected)
        self.assertEqual(t.partition_values("2024-03-07 10:00:00"), expected)
        self.assertEqual(t.partition_values(dt.date(2024, 3, 7)), expected)
        self.assertEqual(t.partition_values(dt.datetime(2024, 3, 7, 1, 2, 3)), expected)
        self.assertEqual(t.partition_path("2024-03-07T00:00:00+02:00"), "year=2024/month=03/day=07/")

    def test_partition_values_reject_garbage(self):
        for bad in ("", "yesterday", None, 42):
            with self.subTest(value=bad), self.assertRaises(ValueError):
                t.partition_values(bad)


class Formats(unittest.TestCase):
    def test_source_format(self):
        self.assertEqual(t.source_format("CSV"), "csv")
        self.assertEqual(t.source_format("json"), "json")
        with self.assertRaisesRegex(ValueError, "not supported"):
            t.source_format("xml")

    def test_glue_format_options(self):
        self.assertTrue(t.glue_format_options("csv")["withHeader"])
        self.assertEqual(t.glue_format_options("json"), {"multiline": False})

    def test_s3_uri_and_table_names(self):
        self.assertEqual(t.s3_uri("b", "/raw/orders/"), "s3://b/raw/orders/")
        self.assertEqual(t.s3_uri("b"), "s3://b/")
        with self.assertRaises(ValueError):
            t.s3_uri("")
        self.assertEqual(t.table_name_from_prefix("sales/Orders-2024/"), "sales_orders_2024")
        with self.assertRaises(ValueError):
            t.table_name_from_prefix("/")


class OptionalArgs(unittest.TestCase):
    def test_reads_space_and_equals_forms(self):
        argv = ["script.py", "--JOB_NAME", "j", "--schema", "a:int", "--key_columns=id,ts"]
        self.assertEqual(t.optional_arg(argv, "schema"), "a:int")
        self.assertEqual(t.optional_arg(argv, "key_columns"), "id,ts")

    def test_missing_or_empty_arguments_give_the_default(self):
        argv = ["script.py", "--timestamp_column", "--schema", "a:int"]
        self.assertEqual(t.optional_arg(argv, "timestamp_column"), "")
        self.assertEqual(t.optional_arg(argv, "key_columns", "none"), "none")


if __name__ == "__main__":
    unittest.main()
