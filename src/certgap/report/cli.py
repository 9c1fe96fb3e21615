"""Write the certification-gap report: one self-contained HTML file from the marts.

Reads the published DuckDB file read-only (a running BI tool is not disturbed)
and answers the six questions of the design with a headline sentence, an inline
SVG chart and a table each. The file needs no network: no scripts, fonts or
styles from elsewhere. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from certgap.report.data import ReportError, open_marts
from certgap.report.page import render

DEFAULT_DB = "warehouse/certgap.duckdb"
DEFAULT_OUT = "reports/certification_gap.html"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="certgap report", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--db",
        type=Path,
        default=Path(os.environ.get("CERTGAP_DB", DEFAULT_DB)),
        help="the DuckDB file built by `make build` / `make demo` "
        "(default: $CERTGAP_DB or %(default)s)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(DEFAULT_OUT),
        help="the HTML file to write (default: %(default)s)",
    )
    parser.add_argument(
        "--min-group-size",
        type=int,
        default=5,
        metavar="N",
        help="leave out adoption-curve weeks with fewer than N completers measured; "
        "keep it equal to the dbt var min_group_size (default: %(default)s)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()

    def progress(step: str) -> None:
        if not args.quiet:
            print(f"certgap report: {step} ({time.monotonic() - started:.1f} s)", file=sys.stderr)

    try:
        progress(f"opening {args.db} read-only")
        marts = open_marts(args.db)
        try:
            page = render(marts, args.min_group_size, progress)
        finally:
            marts.con.close()
    except ReportError as error:
        print(f"certgap report: {error}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(page, encoding="utf-8")
    progress(f"wrote {args.out} ({len(page.encode()) / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
