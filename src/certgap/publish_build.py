"""Build the warehouse into a fresh file, then publish it atomically.

DuckDB allows one writer per file, and a BI tool holding the published file
open would block a rebuild in place. So `make build` builds into
`<dir>/.building/<name>.duckdb` and, only when `dbt build` succeeded, renames
it over the published file. Readers that already have the old file open keep
reading it (the old inode lives until they close); new connections see the new
data. A failed build leaves the published file untouched.

The building file keeps the published file's name (in another folder) because
DuckDB names the catalog after the file stem, and views refer to it.

Builds are incremental: the published file is copied into the building folder
first, so the event models read only new and recent raw files
(docs/analytics_engineers.md, "Incremental builds"). `--full-refresh` (or no
published file yet) starts from an empty file and rebuilds everything. The
microbatch models load the days the raw files' own dates give
(certgap.raw_window); `--since` reloads older days (`make backfill`).

Unit tests are left out (`--exclude-resource-type unit_test`): they test the
SQL against fixed fixtures, not the data, so they belong to CI (`make test`
builds with them) and not to every production build, as dbt advises. Pass
`-- --resource-type unit_test` or any `--*resource-type` to choose yourself.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from dbt.cli.main import dbtRunner, dbtRunnerResult

from certgap.paths import project_dir
from certgap.raw_window import event_time_args

DEFAULT_DB = "warehouse/certgap.duckdb"
# DuckDB names a file's catalog after its stem; these names are its own, so a
# build into `main.duckdb` fails on every model with "schema does not exist".
RESERVED_STEMS = {"main", "system", "temp", "memory"}
PROJECT_DIR = project_dir()


class BatchErrors:
    """A dbtRunner callback keeping each node's own error. dbt 1.11 reports a
    failed microbatch batch as just "ERROR"; the batch's error (DuckDB's
    "CSV Error on Line: N" with the file) is only a debug event."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def __call__(self, event: Any) -> None:
        if event.info.name == "CatchableExceptionOnRun":
            self.messages.append(event.info.msg)


def without_quoted_lines(message: str) -> str:
    """DuckDB quotes the raw line it could not read ("Original Line: ..."): it
    may hold a gateway prompt, so it is never printed."""
    return "\n".join(
        line for line in message.splitlines() if not line.lstrip().startswith("Original Line:")
    )


def failure_reasons(result: dbtRunnerResult, batch_errors: list[str] | None = None) -> list[str]:
    """dbt's own words for why a build failed: the exception that stopped it,
    each node that errored, failed or only partly succeeded (a microbatch
    model), and the errors of failed batches."""
    reasons = [str(result.exception)] if result.exception is not None else []
    for node in getattr(result.result, "results", None) or []:
        if str(node.status) in {"error", "fail", "partial success"}:
            reasons.append(f"{node.node.unique_id}: {node.message}")
    reasons += [m for m in batch_errors or [] if not any(m in r for r in reasons)]
    return [without_quoted_lines(r) for r in reasons] or [
        "dbt reported no reason; see logs/dbt.log"
    ]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="certgap publish", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--db",
        default=os.environ.get("CERTGAP_DB", DEFAULT_DB),
        help="the published DuckDB file (default: $CERTGAP_DB or %(default)s)",
    )
    parser.add_argument(
        "--full-refresh",
        action="store_true",
        help="rebuild from an empty file instead of the published one",
    )
    parser.add_argument(
        "--since",
        type=dt.date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="reload the raw files dated from this day on (a backfill: files that "
        "arrived or changed for days before the incremental window; "
        "`make backfill SINCE=...`)",
    )
    parser.add_argument(
        "dbt_args",
        nargs=argparse.REMAINDER,
        help="extra arguments passed to `dbt build` after `--` (e.g. -- --vars '{...}')",
    )
    return parser.parse_args(argv)


def publish(
    db: Path,
    dbt_args: list[str],
    *,
    full_refresh: bool = False,
    since: dt.date | None = None,
) -> int:
    staging_dir = db.parent / ".building"
    staging_db = staging_dir / db.name
    if staging_dir.exists():
        shutil.rmtree(staging_dir)
    staging_dir.mkdir(parents=True)
    full_refresh = full_refresh or "--full-refresh" in dbt_args or not db.exists()
    if full_refresh:
        print(f"building {staging_db} from scratch ...", file=sys.stderr)
        if "--full-refresh" not in dbt_args:
            dbt_args = [*dbt_args, "--full-refresh"]
    else:
        # A copy, never the published file itself: readers keep it, and a
        # failed build must leave it as it was.
        started = time.perf_counter()
        shutil.copyfile(db, staging_db)
        print(
            f"copied the published database {db} ({db.stat().st_size / 1e9:.1f} GB) "
            f"in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
        print(f"building {staging_db} incrementally from {db} ...", file=sys.stderr)
    if not any(arg.startswith("--event-time") for arg in dbt_args):
        raw_dir = Path(os.environ.get("CERTGAP_RAW_DIR", "data/raw"))
        window = event_time_args(raw_dir, full_refresh=full_refresh, since=since)
        if window:
            print(f"raw files loaded by day: {window[1]} up to {window[3]}", file=sys.stderr)
        dbt_args = [*dbt_args, *window]
    if not any("resource-type" in arg for arg in dbt_args):
        dbt_args = [*dbt_args, "--exclude-resource-type", "unit_test"]
    os.environ["CERTGAP_DB"] = str(staging_db)
    # The project's own profile, whatever the shell exported (or did not).
    os.environ.setdefault("DBT_PROFILES_DIR", str(PROJECT_DIR / "profiles"))
    batch_errors = BatchErrors()
    result = dbtRunner(callbacks=[batch_errors]).invoke(
        ["build", "--project-dir", str(PROJECT_DIR), *dbt_args]
    )
    if not result.success:
        print(
            f"dbt build failed; the published database {db} was left untouched "
            f"(the failed build is in {staging_db}). Why:",
            file=sys.stderr,
        )
        for reason in failure_reasons(result, batch_errors.messages):
            print(f"  {reason}", file=sys.stderr)
        return 1
    os.replace(staging_db, db)
    shutil.rmtree(staging_dir, ignore_errors=True)
    print(f"published {db}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if Path(args.db).stem.lower() in RESERVED_STEMS:
        print(
            f"certgap publish: {args.db} cannot be built: DuckDB names the database after "
            f"the file, and '{Path(args.db).stem}' is a name DuckDB reserves. "
            "Choose another file name (e.g. certgap.duckdb).",
            file=sys.stderr,
        )
        return 2
    extra = [a for a in args.dbt_args if a != "--"]
    return publish(Path(args.db), extra, full_refresh=args.full_refresh, since=args.since)


if __name__ == "__main__":
    sys.exit(main())
