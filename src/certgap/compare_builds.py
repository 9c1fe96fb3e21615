"""Compare two DuckDB builds relation by relation: rows `except all` both ways.

What a refactor that must not change behaviour is checked with: build the same
raw folder before and after into two files, then compare them. Doubles are
compared to 12 significant digits (sums over threads differ in the last bits).
Exits 1 when a relation in both differs in columns or rows.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="certgap compare-builds", description=__doc__)
    parser.add_argument("before", type=Path, help="the DuckDB file built before the change")
    parser.add_argument("after", type=Path, help="the DuckDB file built after the change")
    return parser.parse_args(argv)


def _columns(con: duckdb.DuckDBPyConnection, db: str, schema: str, table: str) -> list[tuple]:
    return con.sql(
        "select column_name, data_type from information_schema.columns "
        f"where table_catalog = '{db}' and table_schema = '{schema}' "
        f"and table_name = '{table}' order by ordinal_position"
    ).fetchall()


def _differing_rows(con: duckdb.DuckDBPyConnection, schema: str, table: str, cols: list) -> int:
    select = ", ".join(
        f'round("{name}", 12 - cast(ceil(log10(abs("{name}") + 1e-300)) as int)) as "{name}"'
        if kind in ("DOUBLE", "FLOAT")
        else f'"{name}"'
        for name, kind in cols
    )
    total = 0
    for left, right in (("a", "b"), ("b", "a")):
        total += con.sql(
            f'select count(*) from (select {select} from {left}."{schema}"."{table}" '
            f'except all select {select} from {right}."{schema}"."{table}")'
        ).fetchall()[0][0]
    return total


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    for path in (args.before, args.after):
        if not path.is_file():
            print(f"certgap compare-builds: {path}: no such database file", file=sys.stderr)
            return 2
    con = duckdb.connect()
    con.sql(f"attach '{args.before}' as a (read_only)")
    con.sql(f"attach '{args.after}' as b (read_only)")
    relations = {
        db: set(
            con.sql(
                "select table_schema, table_name from information_schema.tables "
                f"where table_catalog = '{db}'"
            ).fetchall()
        )
        for db in ("a", "b")
    }
    print("only before:", sorted(relations["a"] - relations["b"]))
    print("only after:", sorted(relations["b"] - relations["a"]))
    both = sorted(relations["a"] & relations["b"])
    differ = 0
    for schema, table in both:
        cols = _columns(con, "a", schema, table)
        if cols != _columns(con, "b", schema, table):
            print(f"columns differ: {schema}.{table}")
            differ += 1
        elif rows := _differing_rows(con, schema, table, cols):
            print(f"rows differ: {schema}.{table} ({rows} rows not in both)")
            differ += 1
    print(f"compared {len(both)} relations; {differ} differ")
    return 1 if differ else 0
