"""engine_compare tells equal relations from different ones (no Spark needed)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from engine_compare import Table, compare_tables, normalise, type_family

COLUMNS = ["_source_file", "_source_line", "rate", "day", "_payload_hash"]
FAMILIES = {"_source_file": "text", "_source_line": "numeric", "rate": "numeric"}
FAMILIES |= {"day": "date", "_payload_hash": "text"}


def table(rows: list[tuple]) -> Table:
    return Table(list(COLUMNS), dict(FAMILIES), [tuple(normalise(v) for v in r) for r in rows])


ROWS = [
    ("a.csv", 2, 0.1, dt.date(2026, 3, 12), "h1"),
    ("a.csv", 3, None, None, "h2"),
    ("b.csv", 2, 1 / 3, dt.date(2026, 3, 13), "h3"),
]


def test_same_rows_in_another_order_with_float_noise_are_equal() -> None:
    spark = [ROWS[2], ROWS[0], ROWS[1]]
    spark[0] = ("b.csv", 2, (1 / 3) * (1 + 1e-12), dt.date(2026, 3, 13), "other hash")
    assert compare_tables("r", table(ROWS), table(spark)) is None


def test_a_float_beyond_the_tolerance_differs() -> None:
    spark = [*ROWS[:2], ("b.csv", 2, (1 / 3) * (1 + 1e-7), dt.date(2026, 3, 13), "h3")]
    diff = compare_tables("r", table(ROWS), table(spark))
    assert diff is not None and "columns ['rate']" in str(diff)


def test_missing_rows_and_keys_are_named() -> None:
    diff = compare_tables("r", table(ROWS), table(ROWS[:2]))
    assert diff is not None
    text = str(diff)
    assert "row count: DuckDB 3, Spark 2" in text
    assert "1 key(s) ('_source_file', '_source_line') only in DuckDB" in text
    assert "_source_file='b.csv'" in text


def test_dates_and_timestamps_and_types() -> None:
    assert normalise(Decimal("2")) == 2 and normalise(Decimal("2.5")) == 2.5
    aware = dt.datetime(2026, 3, 12, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert normalise(aware) == dt.datetime(2026, 3, 12, 10, 0)
    spark = [(*ROWS[0][:3], dt.datetime(2026, 3, 12), "h1"), *ROWS[1:]]
    diff = compare_tables("r", table(ROWS), table(spark))
    assert diff is not None and "columns ['day']" in str(diff)
    assert type_family("INTEGER") == type_family("bigint") == type_family("decimal(38,6)")
    assert type_family("TIMESTAMP WITH TIME ZONE") == type_family("timestamp_ntz")
    assert type_family("VARCHAR") == type_family("string")


def test_lists_of_structs_compare_across_engines() -> None:
    """DuckDB returns a STRUCT as a dict, pyspark as a Row: the same list either way."""
    row_type = pytest.importorskip("pyspark.sql").Row
    duck = [{"actor_ifi_type": "mbox", "actor_ifi_value": "mailto:a@x", "is_group_member": True}]
    spark = [row_type(actor_ifi_type="mbox", actor_ifi_value="mailto:a@x", is_group_member=True)]
    assert normalise(duck) == normalise(spark)
    other = [row_type(actor_ifi_type="mbox", actor_ifi_value="mailto:b@x", is_group_member=True)]
    assert normalise(duck) != normalise(other)
