"""Validate a built certgap database with Great Expectations (`make validate`).

`certgap validate` runs one checkpoint of every suite in certgap.validation (marts, event
staging models, cross-mart cohort sizes, freshness), prints a summary table,
writes the Data Docs HTML and exits 1 if any expectation failed, naming the
suite, the expectation and its column.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from certgap.validation.checkpoint import (
    SuiteOutcome,
    UnreadableDatabase,
    export_frames,
    run_checkpoint,
)
from certgap.validation.consistency_suites import CONSISTENCY_SUITES
from certgap.validation.staging_suites import STAGING_SUITES
from certgap.validation.suites import MART_SUITES, Suite

DEFAULT_DB = "warehouse/certgap.duckdb"
DEFAULT_DOCS = "target/gx_data_docs"


def all_suites() -> list[Suite]:
    return [build() for build in (*MART_SUITES, *STAGING_SUITES, *CONSISTENCY_SUITES)]


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="certgap validate", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--db",
        type=Path,
        default=Path(os.environ.get("CERTGAP_DB", DEFAULT_DB)),
        help="the built DuckDB file, opened read-only (default: $CERTGAP_DB or %(default)s)",
    )
    parser.add_argument(
        "--docs-dir",
        type=Path,
        default=Path(DEFAULT_DOCS),
        help="where the Data Docs site is written; open index.html (default: %(default)s)",
    )
    parser.add_argument(
        "--suite",
        action="append",
        metavar="NAME",
        help="run only this suite (repeatable; default: all)",
    )
    return parser.parse_args(argv)


def summary_table(outcomes: Sequence[SuiteOutcome]) -> str:
    header = ("suite", "expectations", "passed", "failed", "first failing expectation")
    rows = [
        (
            o.suite,
            str(o.evaluated),
            str(o.passed),
            str(o.failed),
            o.failures[0] if o.failures else "",
        )
        for o in outcomes
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    lines = []
    for row in [header, *rows]:
        cells = [row[0].ljust(widths[0]), *(row[i].rjust(widths[i]) for i in (1, 2, 3)), row[4]]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths) + "  " + "-" * len(header[4]))
    return "\n".join(lines)


def validate(db: Path, docs_dir: Path, only: Sequence[str] | None = None) -> int:
    def progress(message: str) -> None:
        print(f"[validate {time.monotonic() - started:6.1f}s] {message}", file=sys.stderr)

    started = time.monotonic()
    if not db.exists():
        print(f"error: {db} does not exist; run `make build` first (or pass --db)", file=sys.stderr)
        return 2
    suites = all_suites()
    if only:
        unknown = sorted(set(only) - {s.name for s in suites})
        if unknown:
            print(f"error: unknown suite(s): {', '.join(unknown)}", file=sys.stderr)
            return 2
        suites = [s for s in suites if s.name in only]
    docs_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="certgap-gx-frames-") as scratch:
        frames_dir = Path(scratch)
        try:
            errors = export_frames(db, suites, frames_dir, progress)
        except UnreadableDatabase as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        runnable = [s for s in suites if s.name not in errors]
        outcomes = run_checkpoint(runnable, frames_dir, docs_dir, progress) if runnable else []
    outcomes += [SuiteOutcome(name, 0, 0, (message,)) for name, message in errors.items()]
    order = {s.name: i for i, s in enumerate(suites)}
    outcomes.sort(key=lambda o: order[o.suite])

    print(summary_table(outcomes))
    index = docs_dir / "index.html"
    progress(f"Data Docs: {index}")
    failed = [o for o in outcomes if not o.success]
    if not failed:
        total = sum(o.evaluated for o in outcomes)
        print(f"\nvalidation passed: {total} expectations in {len(outcomes)} suites ({db})")
        return 0
    print(f"\nvalidation FAILED ({db}):", file=sys.stderr)
    for outcome in failed:
        for failure in outcome.failures:
            print(f"  {outcome.suite}: {failure}", file=sys.stderr)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    return validate(args.db, args.docs_dir, args.suite)


if __name__ == "__main__":
    sys.exit(main())
