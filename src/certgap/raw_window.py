"""The days a build loads the microbatch raw-file models for (issue #16).

dbt's microbatch strategy builds, by default, the batches from `begin` (a full
build) or from `lookback` batches before *now* (an incremental one) up to now.
Raw files are dated by their names, and their dates need not be near today:
a sample generated for 2027, or exports loaded weeks after they were pulled.
So `certgap publish` takes the window from the files themselves and passes it
as `--event-time-start/--event-time-end`: up to the newest file's day
(nothing dated later is skipped), from the oldest file's day on a full build,
from `incremental_lookback_days` before each source's newest on an incremental
one (of the sources that delivered within that many days of the newest), or
from `--since` (`make backfill SINCE=...`) to reload older days. Whatever
changed outside the window is named by the raw_files_loaded test.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from certgap.paths import project_dir

# Folders (under CERTGAP_RAW_DIR) loaded by a microbatch model on the file date.
MICROBATCH_SOURCES = ("ai_seats", "ai_activity", "lrs", "proxy", "okta", "m365_copilot")
FILE_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")


def file_dates(raw_dir: Path) -> list[dt.date]:
    """The dates in the names of the microbatch sources' raw files; a file whose
    name holds none is dated raw_files_begin (macro raw_file_date)."""
    return [day for days in source_file_dates(raw_dir).values() for day in days]


def source_file_dates(raw_dir: Path) -> dict[str, list[dt.date]]:
    """file_dates, by source folder (a source without a dated file is left out)."""
    dates: dict[str, list[dt.date]] = {}
    for source in MICROBATCH_SOURCES:
        folder = raw_dir / source
        for path in folder.iterdir() if folder.is_dir() else ():
            dates.setdefault(source, []).append(name_date(path.name))
    return dates


def name_date(name: str) -> dt.date:
    """A file's date: the first YYYY-MM-DD of its name when it is a day of the
    calendar, else raw_files_begin (no date, or one like 2026-02-30), as the macros
    raw_file_name_date and raw_file_date date it, so its batch keeps its rows."""
    match = FILE_DATE.search(name)
    try:
        return dt.date.fromisoformat(match.group(1)) if match else begin_date()
    except ValueError:
        return begin_date()


def begin_date() -> dt.date:
    return dt.date.fromisoformat(project_var("raw_files_begin"))


def project_var(name: str) -> str:
    """A var of dbt_project.yml, as text."""
    project = yaml.safe_load((project_dir() / "dbt_project.yml").read_text(encoding="utf-8"))
    return str(project["vars"][name])


def lookback_days() -> int:
    """dbt_project.yml's incremental_lookback_days."""
    return int(project_var("incremental_lookback_days"))


def event_time_args(
    raw_dir: Path, *, full_refresh: bool, since: dt.date | None = None
) -> list[str]:
    """`--event-time-start S --event-time-end E` for dbt, or [] when no file is dated."""
    by_source = source_file_dates(raw_dir)
    dates = [day for days in by_source.values() for day in days]
    if not dates:
        return []
    end = max(dates) + dt.timedelta(days=1)
    lookback = dt.timedelta(days=lookback_days())
    if since is not None:
        start = since
    elif full_refresh:
        start = min(dates)
    else:
        # Each source that delivered within the lookback keeps its own: the
        # Copilot report is downloaded the day after the others' exports, and
        # must not shorten theirs. A source whose newest file is older (a
        # monthly seat pull) does not pull the window back to it.
        newest = max(dates)
        recent = [max(days) for days in by_source.values() if max(days) >= newest - lookback]
        start = min(recent) - lookback
    start = min(start, end - dt.timedelta(days=1))
    return ["--event-time-start", start.isoformat(), "--event-time-end", end.isoformat()]
