"""Print where the demo warehouse is and answer one question from it."""

from __future__ import annotations

import argparse
import os
import sys

import duckdb

EXAMPLE_QUERY = """\
-- Question 1 per program: completion next to weekly active use 90 days later
-- (Degreed exports completions only, so its completion rate is unknown)
with per_program as (
    select
        program_id,
        sum(completer_count) as completers,
        sum(completion_rate * enrolled_count) / sum(enrolled_count) as completion_rate,
        sum(wau_90_active_count) / sum(wau_90_eligible_count) as wau_90_rate
    from marts.mart_program_adoption
    group by program_id
    having sum(wau_90_eligible_count) > 0
)
select *, completion_rate - wau_90_rate as certification_gap
from per_program
order by certification_gap desc nulls last"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="certgap demo", description=__doc__)
    parser.add_argument(
        "--db",
        default=os.environ.get("CERTGAP_DB", "warehouse/certgap.duckdb"),
        help="the DuckDB file to read (default: $CERTGAP_DB or %(default)s)",
    )
    args = parser.parse_args(argv)
    print(f"\nThe warehouse is {os.path.abspath(args.db)}")
    print("Open it read-only:  duckdb -readonly", args.db)
    con = duckdb.connect(args.db, read_only=True)
    try:
        tables = con.sql(
            "select table_schema || '.' || table_name from information_schema.tables "
            "where table_schema = 'marts' order by 1"
        ).fetchall()
        print("Marts:", ", ".join(name for (name,) in tables) or "(none yet)")
        if any(name == "marts.mart_program_adoption" for (name,) in tables):
            print("\nExample query:\n" + EXAMPLE_QUERY + "\n")
            con.sql(EXAMPLE_QUERY).show()
    finally:
        con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
