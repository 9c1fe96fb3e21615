"""Active days from the Copilot usage snapshots, checked against the generator's truth,
and the shape of the person x tool x week spine."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
from collections.abc import Iterator
from pathlib import Path

from certgap_testkit import Build

APP_TOOLS = {
    "Microsoft Teams Copilot Last Activity Date": "m365_copilot",
    "Word Copilot Last Activity Date": "m365_copilot",
    "Excel Copilot Last Activity Date": "m365_copilot",
    "PowerPoint Copilot Last Activity Date": "m365_copilot",
    "Outlook Copilot Last Activity Date": "m365_copilot",
    "OneNote Copilot Last Activity Date": "m365_copilot",
    "Loop Copilot Last Activity Date": "m365_copilot",
    "Copilot Chat Last Activity Date": "copilot_chat",
}
MIN_RECOVERY = 0.95

Day = tuple[str, str, dt.date]  # (employee_id, tool_id, activity_date)


def _read_text(path: Path) -> str:
    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
            return handle.read()
    return path.read_text(encoding="utf-8")


def _csv_rows(path: Path) -> Iterator[dict[str, str]]:
    yield from csv.DictReader(io.StringIO(_read_text(path), newline=""))


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((text or "").strip()[:10])
    except ValueError:
        return None


def true_copilot_days(raw_dir: Path) -> set[Day]:
    return {
        (row["employee_id"], row["tool_id"], dt.date.fromisoformat(row["activity_date"]))
        for row in _csv_rows(raw_dir / "_truth" / "copilot_true_days.csv.gz")
    }


def matched_upns(raw_dir: Path) -> dict[str, str]:
    """Copilot UPN (lower case) -> employee_id, for UPNs that name exactly one person."""
    return {
        row["identifier"].lower(): row["employee_id"]
        for row in _csv_rows(raw_dir / "_truth" / "identities.csv")
        if row["source"] == "m365_copilot" and row["status"] == "matched"
    }


def observable_copilot_days(raw_dir: Path, upns: dict[str, str]) -> set[Day]:
    """Every (person, tool, day) that some downloaded snapshot gives as a last-activity
    date (not after its refresh date), for UPNs that resolve to one employee. Counted
    from the raw files without dbt. It includes the few dates of restated rows that a
    later download corrected (not true days), so full recovery is a little under 100 %."""
    days: set[Day] = set()
    files = sorted(p for p in (raw_dir / "m365_copilot").iterdir() if p.is_file())
    assert files, f"no Copilot reports in {raw_dir / 'm365_copilot'}"
    for path in files:
        for row in _csv_rows(path):
            employee_id = upns.get((row.get("User Principal Name") or "").strip().lower())
            refresh = _date(row.get("Report Refresh Date"))
            if employee_id is None or refresh is None:
                continue
            for column, tool_id in APP_TOOLS.items():
                last = _date(row.get(column))
                if last is not None and last <= refresh:
                    days.add((employee_id, tool_id, last))
    return days


def derived_copilot_days(build: Build) -> set[Day]:
    rows = build.query(
        "select employee_id, tool_id, activity_date "
        "from intermediate.int_activity_days "
        "where has_copilot_report and tool_id in ('m365_copilot', 'copilot_chat')"
    )
    return {(employee_id, tool_id, day) for employee_id, tool_id, day in rows}


def test_copilot_days_are_true_and_recover_the_observable(built_sample: Build) -> None:
    """Active days derived from Copilot snapshots never exceed the true active days the
    generator recorded, and recover at least 95 % of those the reports make observable."""
    truth = true_copilot_days(built_sample.raw_dir)
    upns = matched_upns(built_sample.raw_dir)
    observable = observable_copilot_days(built_sample.raw_dir, upns)
    derived = derived_copilot_days(built_sample)
    assert truth and observable and derived, "the sample has no Copilot activity"

    not_true = sorted(derived - truth)
    assert not not_true, (
        f"{len(not_true)} of {len(derived)} derived Copilot days are not true active "
        f"days, e.g. {not_true[:5]}"
    )
    not_reported = sorted(derived - observable)
    assert not not_reported, f"derived days no snapshot reported, e.g. {not_reported[:5]}"

    recovered = len(derived & observable) / len(observable)
    assert recovered >= MIN_RECOVERY, (
        f"derived {len(derived & observable)} of {len(observable)} observable Copilot "
        f"days ({recovered:.1%} < {MIN_RECOVERY:.0%})"
    )
    # a lower bound: the reports cannot show every true day
    assert len(derived) < len(truth)


def test_activity_spine_has_every_sanctioned_tool_in_every_employed_week(
    built_sample: Build,
) -> None:
    """person x sanctioned tool x week: every person-week of the employee spine once per
    sanctioned tool, weeks start on Monday, and no active day is lost inside the window."""
    sanctioned = built_sample.scalar("select count(*) from seeds.ai_tools where is_sanctioned")
    person_weeks = built_sample.scalar(
        "select count(*) from intermediate.int_employee_weeks_spined"
    )
    spine_rows = built_sample.scalar("select count(*) from intermediate.int_activity_weeks_spined")
    assert person_weeks > 0
    assert spine_rows == person_weeks * sanctioned

    not_monday = built_sample.scalar(
        "select count(*) from intermediate.int_activity_weeks_spined "
        "where isodow(week_start_date) <> 1"
    )
    assert not_monday == 0

    # every active day of an employed, observed person-week is in the spine's counts
    lost = built_sample.scalar(
        """
        with days as (
            select d.employee_id, d.tool_id, date_trunc('week', d.activity_date) as week
            from intermediate.int_activity_days d
            cross join intermediate.int_observed_days_bounded w
            where d.activity_date between w.first_observed_date and w.last_observed_date
        ),
        counted as (
            select employee_id, tool_id, week, count(*) as day_count
            from days group by all
        )
        select count(*)
        from counted c
        join intermediate.int_activity_weeks_spined s
            on s.employee_id = c.employee_id and s.tool_id = c.tool_id
            and s.week_start_date = c.week
        where s.active_days <> c.day_count
        """
    )
    assert lost == 0
