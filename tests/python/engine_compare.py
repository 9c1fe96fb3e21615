"""Compare relations built by DuckDB and by Spark from the same raw files, row by row.

    compare_relations(duckdb_path, spark, ["staging.stg_degreed__completions", ...])

returns one RelationDiff per relation that differs (an empty list when all agree).
Two relations agree when they have the same columns (same names; same type family,
any numeric types being compatible), the same number of rows, the same key values
(when key columns are given or found), and, once both sides are sorted by all
columns, equal rows: text, booleans, integers, dates and timestamps exactly, floats
and decimals within a relative tolerance (1e-9 by default).

Timestamps are compared as naive UTC values. Spark's TIMESTAMP is read as
unix_micros() so that the Python process's local time zone never enters (pyspark
converts TIMESTAMP values to local time when it collects them); DuckDB's TIMESTAMPTZ
is converted to UTC.

Run it on two finished builds:

    python tests/python/engine_compare.py --duckdb warehouse/certgap.duckdb \\
        --spark-dir target/spark --schema staging
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

# Internal columns whose value is engine-specific by design. _payload_hash is an md5 of
# the payload cast to text, and the two engines print doubles differently
# ('1e+20' / '1.0E20'); it is only ever compared with other hashes of the same engine.
DEFAULT_IGNORED_COLUMNS = frozenset({"_payload_hash"})
# Staging relations: one raw record is (_source_file, _source_line).
DEFAULT_KEY_CANDIDATES = (("_source_file", "_source_line"),)
MAX_EXAMPLES = 5
EPOCH = dt.datetime(1970, 1, 1)


@dataclass
class Table:
    """A relation read into Python: column names, type families, normalised rows."""

    columns: list[str]
    families: dict[str, str]
    rows: list[tuple[Any, ...]]


@dataclass
class RelationDiff:
    relation: str
    problems: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.relation}:\n  " + "\n  ".join(self.problems)


def type_family(type_name: str) -> str:
    """'INTEGER', 'bigint', 'decimal(38,6)', 'TIMESTAMP WITH TIME ZONE' -> a family."""
    name = type_name.strip().lower()
    if name.startswith(("array", "list")) or name.endswith("[]"):  # VARCHAR[] is a list
        return "array"
    if name.startswith(("varchar", "string", "char", "text")):
        return "text"
    if name.startswith(("bool",)):
        return "boolean"
    if name.startswith(("tinyint", "smallint", "int", "bigint", "hugeint", "ubigint", "uinteger")):
        return "numeric"
    if name.startswith(("decimal", "numeric", "double", "float", "real")):
        return "numeric"
    if name.startswith("date"):
        return "date"
    if name.startswith("timestamp"):
        return "timestamp"
    return name


def normalise(value: Any) -> Any:
    """One engine-neutral Python value: Decimal -> int or float, tz-aware -> naive UTC,
    lists -> tuples, structs (DuckDB dicts, Spark Rows) -> sorted (name, value) pairs."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value
    if hasattr(value, "asDict"):  # a pyspark Row (a struct): DuckDB gives a dict
        value = value.asDict()
    if isinstance(value, list | tuple):
        return tuple(normalise(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), normalise(v)) for k, v in value.items()))
    return value


def _sort_token(value: Any) -> tuple[Any, ...]:
    """Totally ordered stand-in for a value; floats rounded to 9 significant digits so
    that rows differing only in float noise sort to the same place on both sides."""
    if value is None:
        return (0,)
    if isinstance(value, bool):
        return (1, value)
    if isinstance(value, int | float):
        if isinstance(value, float):
            if math.isnan(value):
                return (2, math.inf, 1)
            value = float(f"{value:.9g}")
        return (2, value, 0)
    if isinstance(value, str):
        return (3, value)
    if isinstance(value, dt.datetime):
        return (5, value)
    if isinstance(value, dt.date):
        return (4, value)
    if isinstance(value, tuple):
        return (6, tuple(_sort_token(item) for item in value))
    return (7, repr(value))


def _values_equal(left: Any, right: Any, rel_tol: float, abs_tol: float) -> bool:
    if left is None or right is None:
        return left is None and right is None
    if isinstance(left, bool) or isinstance(right, bool):
        return left is right
    if isinstance(left, int | float) and isinstance(right, int | float):
        if isinstance(left, float) or isinstance(right, float):
            if math.isnan(left) or math.isnan(right):
                return math.isnan(left) and math.isnan(right)
            return math.isclose(left, right, rel_tol=rel_tol, abs_tol=abs_tol)
        return left == right
    if isinstance(left, tuple) and isinstance(right, tuple):
        return len(left) == len(right) and all(
            _values_equal(a, b, rel_tol, abs_tol) for a, b in zip(left, right, strict=True)
        )
    # a date never equals a datetime here: dt.datetime is a dt.date subclass
    if type(left) is not type(right) and isinstance(left, dt.date):
        return False
    return left == right


def read_duckdb(con: duckdb.DuckDBPyConnection, relation: str) -> Table:
    rel = con.sql(f"select * from {relation}")
    columns = [name.lower() for name in rel.columns]
    families = {c: type_family(str(t)) for c, t in zip(columns, rel.types, strict=True)}
    rows = [tuple(normalise(v) for v in row) for row in rel.fetchall()]
    return Table(columns, families, rows)


def read_spark(spark: SparkSession, relation: str) -> Table:
    frame = spark.table(relation)
    columns, families, selects = [], {}, []
    for spark_field in frame.schema.fields:
        name = spark_field.name.lower()
        type_name = spark_field.dataType.simpleString()
        columns.append(name)
        families[name] = type_family(type_name)
        quoted = f"`{spark_field.name}`"
        if type_name == "timestamp":  # TIMESTAMP_LTZ: read as microseconds since epoch
            selects.append(f"unix_micros({quoted}) as {quoted}")
        else:
            selects.append(quoted)
    timestamp_positions = [
        i for i, f in enumerate(frame.schema.fields) if f.dataType.simpleString() == "timestamp"
    ]
    rows = []
    for row in frame.selectExpr(*selects).collect():
        values = list(row)
        for i in timestamp_positions:
            if values[i] is not None:
                values[i] = EPOCH + dt.timedelta(microseconds=values[i])
        rows.append(tuple(normalise(v) for v in values))
    return Table(columns, families, rows)


def _project(table: Table, columns: Sequence[str]) -> list[tuple[Any, ...]]:
    positions = [table.columns.index(c) for c in columns]
    return [tuple(row[i] for i in positions) for row in table.rows]


def _show(row: tuple[Any, ...], columns: Sequence[str]) -> str:
    return "{" + ", ".join(f"{c}={v!r}" for c, v in zip(columns, row, strict=True)) + "}"


def compare_tables(
    relation: str,
    duck: Table,
    spark: Table,
    *,
    keys: Sequence[str] | None = None,
    ignore_columns: Iterable[str] = DEFAULT_IGNORED_COLUMNS,
    rel_tol: float = 1e-9,
    abs_tol: float = 1e-12,
) -> RelationDiff | None:
    diff = RelationDiff(relation)
    ignored = {c.lower() for c in ignore_columns}
    only_duck = [c for c in duck.columns if c not in spark.columns]
    only_spark = [c for c in spark.columns if c not in duck.columns]
    if only_duck:
        diff.problems.append(f"columns only in DuckDB: {only_duck}")
    if only_spark:
        diff.problems.append(f"columns only in Spark: {only_spark}")
    columns = [c for c in duck.columns if c in spark.columns and c not in ignored]
    for column in columns:
        left, right = duck.families[column], spark.families[column]
        if left != right:
            diff.problems.append(f"column {column}: DuckDB type {left}, Spark type {right}")

    if len(duck.rows) != len(spark.rows):
        diff.problems.append(f"row count: DuckDB {len(duck.rows)}, Spark {len(spark.rows)}")

    if keys is None:
        keys = next((list(k) for k in DEFAULT_KEY_CANDIDATES if all(c in columns for c in k)), None)
    if keys:
        duck_keys = Counter(_project(duck, keys))
        spark_keys = Counter(_project(spark, keys))
        for label, extra in (
            ("DuckDB", duck_keys - spark_keys),
            ("Spark", spark_keys - duck_keys),
        ):
            if extra:
                examples = [_show(k, keys) for k in list(extra)[:MAX_EXAMPLES]]
                diff.problems.append(
                    f"{sum(extra.values())} key(s) {tuple(keys)} only in {label}, e.g. "
                    + "; ".join(examples)
                )

    duck_rows = sorted(_project(duck, columns), key=lambda r: tuple(map(_sort_token, r)))
    spark_rows = sorted(_project(spark, columns), key=lambda r: tuple(map(_sort_token, r)))
    mismatches = []
    for duck_row, spark_row in zip(duck_rows, spark_rows, strict=False):
        bad = [
            c
            for c, a, b in zip(columns, duck_row, spark_row, strict=True)
            if not _values_equal(a, b, rel_tol, abs_tol)
        ]
        if bad:
            mismatches.append(
                f"columns {bad}: DuckDB {_show(duck_row, columns)} / "
                f"Spark {_show(spark_row, columns)}"
            )
    if mismatches:
        diff.problems.append(
            f"{len(mismatches)} row(s) differ after sorting by all columns, first: "
            + "\n    ".join(mismatches[:MAX_EXAMPLES])
        )
    return diff if diff.problems else None


def compare_relations(
    duckdb_path: Path,
    spark: SparkSession,
    relations: Sequence[str],
    *,
    keys: Mapping[str, Sequence[str]] | None = None,
    ignore_columns: Iterable[str] = DEFAULT_IGNORED_COLUMNS,
    rel_tol: float = 1e-9,
) -> list[RelationDiff]:
    """Every relation ('schema.name') that differs between the two builds."""
    ignore_columns = tuple(ignore_columns)
    diffs = []
    con = duckdb.connect(str(duckdb_path), read_only=True)
    try:
        for relation in relations:
            duck_table = read_duckdb(con, relation)
            spark_table = read_spark(spark, relation)
            diff = compare_tables(
                relation,
                duck_table,
                spark_table,
                keys=(keys or {}).get(relation),
                ignore_columns=ignore_columns,
                rel_tol=rel_tol,
            )
            if diff:
                diffs.append(diff)
    finally:
        con.close()
    return diffs


def relations_in_schema(
    duckdb_path: Path, spark: SparkSession, schema: str
) -> tuple[list[str], list[str], list[str]]:
    """(on both, only in DuckDB, only in Spark) as 'schema.name', tables and views."""
    con = duckdb.connect(str(duckdb_path), read_only=True)
    try:
        duck_names = {
            name.lower()
            for (name,) in con.sql(
                f"select table_name from information_schema.tables where table_schema = '{schema}'"
            ).fetchall()
        }
    finally:
        con.close()
    spark_names: set[str] = set()
    if spark.catalog.databaseExists(schema):
        spark_names = {
            t.name.lower() for t in spark.catalog.listTables(schema) if not t.isTemporary
        }

    def qualified(names: Iterable[str]) -> list[str]:
        return [f"{schema}.{name}" for name in sorted(names)]

    return (
        qualified(duck_names & spark_names),
        qualified(duck_names - spark_names),
        qualified(spark_names - duck_names),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Compare the relations of a DuckDB build and a Spark build row by row."
    )
    parser.add_argument("--duckdb", type=Path, required=True, help="the DuckDB database file")
    parser.add_argument(
        "--spark-dir",
        type=Path,
        required=True,
        help="folder holding the Spark build's warehouse/ and metastore/ (CERTGAP_SPARK_*)",
    )
    parser.add_argument(
        "--schema",
        action="append",
        default=[],
        help="compare every relation of this schema present in both builds (repeatable)",
    )
    parser.add_argument("relations", nargs="*", help="more relations to compare, as schema.name")
    parser.add_argument(
        "--rel-tol", type=float, default=1e-9, help="relative tolerance for floats (1e-9)"
    )
    args = parser.parse_args(argv)

    from spark_testkit import spark_session

    spark = spark_session(args.spark_dir)
    relations = list(args.relations)
    for schema in args.schema:
        both, only_duck, only_spark = relations_in_schema(args.duckdb, spark, schema)
        for name in only_duck:
            print(f"only in DuckDB (not compared): {name}", file=sys.stderr)
        for name in only_spark:
            print(f"only in Spark (not compared): {name}", file=sys.stderr)
        relations += both
    for i, relation in enumerate(relations, 1):
        print(f"[{i}/{len(relations)}] {relation}", file=sys.stderr)
    diffs = compare_relations(args.duckdb, spark, relations, rel_tol=args.rel_tol)
    for diff in diffs:
        print(diff)
    print(f"{len(relations) - len(diffs)} relations equal, {len(diffs)} differ")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
