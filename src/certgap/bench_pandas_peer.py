"""The benchmark's peer: WAU@90 per program cohort from the raw files, with pandas.

What an analyst would write in a notebook instead of certgap (`certgap bench`,
step "pandas"): read each export file by file (so it fits in memory), keep the
few columns needed, and join everything on the lower-cased e-mail address, the
only key the exports share.

- Completions: xAPI `completed`/`passed` statements of the LRS (actor `mbox`,
  voided statements removed), Coursera (`Completed` = Yes), Udemy (`Date
  Completed`) and LinkedIn Learning (`COMPLETIONS`), mapped to programs by the
  `programs` seed; the earliest completion per e-mail and program. Degreed is
  left out: it identifies people by employee id, not e-mail.
- People: HRIS snapshots, every work e-mail ever held, hire and termination
  dates from each employee's newest snapshot.
- Active days on sanctioned tools: Okta SSO successes to an AI app, allowed
  proxy requests to a sanctioned, non-consumer, unambiguous host (e-mail logins
  only; DOMAIN\\user logins cannot join), Copilot report last-activity dates,
  admin-console days with interactions.
- WAU@90 (models/marts/adoption/_adoption__docs.md): share of completers active on a
  target tool of the program in days 84..90 after completion, among those
  whose day 90 is inside the observed window (every channel's newest day)
  and who were employed that day. Cohort = program x completion month.

Simplifications an analyst would make, so its figures differ from the marts:
e-mail is the only key (no UPN, login or hashed identifiers), Copilot
restatements are not undone, rehires are not modelled.

A file that cannot be parsed stops the run with its name and line.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pandas as pd

from certgap.paths import project_dir

SEEDS = project_dir() / "seeds"
HORIZON = 90
WAU_DAYS = 7
COMPLETION_VERBS = ("completed", "passed")
COPILOT_APPS = {
    "Microsoft Teams Copilot Last Activity Date": "m365_copilot",
    "Word Copilot Last Activity Date": "m365_copilot",
    "Excel Copilot Last Activity Date": "m365_copilot",
    "PowerPoint Copilot Last Activity Date": "m365_copilot",
    "Outlook Copilot Last Activity Date": "m365_copilot",
    "OneNote Copilot Last Activity Date": "m365_copilot",
    "Loop Copilot Last Activity Date": "m365_copilot",
    "Copilot Chat Last Activity Date": "copilot_chat",
}
ACTIVITY_COLUMNS = ["email", "tool_id", "day"]


class PeerInputError(Exception):
    """A raw file the peer cannot read; the message names the file and line."""


def files_of(raw_dir: Path, source: str) -> list[Path]:
    # resolved: an error names the raw file, not the benchmark's link to it
    files = sorted(p.resolve() for p in (raw_dir / source).glob("*") if p.is_file())
    if not files:
        raise PeerInputError(f"{raw_dir / source}: no files")
    return files


def open_text(path: Path):
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return path.open(encoding="utf-8", newline="")


def first_bad_json_line(path: Path) -> str:
    with open_text(path) as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                json.loads(line)
            except json.JSONDecodeError as error:
                return f"line {number}: {error.msg}"
    return "(no single malformed line found)"


def read_json_lines(path: Path) -> pd.DataFrame:
    try:
        return pd.read_json(path, lines=True, dtype=False)
    except ValueError as error:
        raise PeerInputError(f"{path}: {first_bad_json_line(path)} ({error})") from error


def read_csv(path: Path, **options) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], **options)
    except (pd.errors.ParserError, ValueError, UnicodeDecodeError) as error:
        # pandas names the line ("Expected 15 fields in line 37, saw 16").
        raise PeerInputError(f"{path}: {error}".strip()) from error


def day_of(values: pd.Series, source: Path, column: str) -> pd.Series:
    """UTC calendar day of ISO timestamps or dates; an unreadable one is an error."""
    parsed = pd.to_datetime(values, utc=True, errors="coerce", format="ISO8601")
    bad = parsed.isna() & values.notna()
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        raise PeerInputError(f"{source}: data row {row + 1}: {column} {values.iloc[row]!r}")
    return parsed.dt.tz_localize(None).dt.normalize().astype("datetime64[ns]")


def concat(frames: Iterator[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    parts = [frame for frame in frames if not frame.empty]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


# --- people -----------------------------------------------------------------


def read_people(raw_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(e-mail -> employee id, employee id -> hire and termination day)."""
    columns = ["EmployeeId", "PersonId", "EffectiveDate", "HireDate", "TerminationDate"]
    snapshots = concat((read_csv(p, usecols=columns) for p in files_of(raw_dir, "hris")), columns)
    snapshots["email"] = snapshots["PersonId"].str.strip().str.lower()
    emails = snapshots.dropna(subset=["email"]).sort_values("EffectiveDate")
    emails = emails.drop_duplicates("email", keep="last")[["email", "EmployeeId"]]
    newest = snapshots.sort_values("EffectiveDate").drop_duplicates("EmployeeId", keep="last")
    employment = pd.DataFrame(
        {
            "EmployeeId": newest["EmployeeId"],
            "hire_day": pd.to_datetime(newest["HireDate"], errors="coerce"),
            "termination_day": pd.to_datetime(newest["TerminationDate"], errors="coerce"),
        }
    )
    return emails, employment


# --- completions ------------------------------------------------------------


def lrs_completions(raw_dir: Path, programs: pd.DataFrame) -> pd.DataFrame:
    iri_to_program = programs.dropna(subset=["xapi_activity_iri"]).set_index("xapi_activity_iri")[
        "program_id"
    ]
    completed, voided = [], []
    for path in files_of(raw_dir, "lrs"):
        statements = read_json_lines(path)
        if statements.empty:
            continue
        verb = statements["verb"].map(lambda v: v.get("id", "") if isinstance(v, dict) else "")
        verb = verb.str.rsplit("/", n=1).str[-1]
        target = statements["object"].map(lambda o: o.get("id") if isinstance(o, dict) else None)
        voided.append(target[verb == "voided"])
        done = statements[verb.isin(COMPLETION_VERBS)]
        mbox = done["actor"].map(lambda a: a.get("mbox") if isinstance(a, dict) else None)
        completed.append(
            pd.DataFrame(
                {
                    "statement_id": done["id"],
                    "email": mbox.str.removeprefix("mailto:").str.strip().str.lower(),
                    "program_id": target[done.index].map(iri_to_program),
                    "completed_day": day_of(done["timestamp"], path, "timestamp"),
                }
            )
        )
    found = concat(iter(completed), ["statement_id", "email", "program_id", "completed_day"])
    voided_ids = set(pd.concat(voided)) if voided else set()
    return found[~found["statement_id"].isin(voided_ids)].drop(columns="statement_id")


def coursera_completions(raw_dir: Path, programs: pd.DataFrame) -> pd.DataFrame:
    course_to_program = programs.dropna(subset=["coursera_course_id"]).set_index(
        "coursera_course_id"
    )["program_id"]
    parts = []
    for path in files_of(raw_dir, "coursera"):
        rows = read_csv(path, usecols=["Email", "Course ID", "Completed", "Completion Time"])
        rows = rows[rows["Completed"].eq("Yes") & rows["Completion Time"].notna()]
        parts.append(
            pd.DataFrame(
                {
                    "email": rows["Email"].str.strip().str.lower(),
                    "program_id": rows["Course ID"].map(course_to_program),
                    "completed_day": day_of(rows["Completion Time"], path, "Completion Time"),
                }
            )
        )
    return concat(iter(parts), ["email", "program_id", "completed_day"])


def udemy_completions(raw_dir: Path, programs: pd.DataFrame) -> pd.DataFrame:
    course_to_program = programs.dropna(subset=["udemy_course_id"]).set_index("udemy_course_id")[
        "program_id"
    ]
    parts = []
    for path in files_of(raw_dir, "udemy"):
        rows = read_csv(path, usecols=["User Email", "Course ID", "Date Completed"])
        rows = rows[rows["Date Completed"].notna()]
        parts.append(
            pd.DataFrame(
                {
                    "email": rows["User Email"].str.strip().str.lower(),
                    "program_id": rows["Course ID"].map(course_to_program),
                    "completed_day": day_of(rows["Date Completed"], path, "Date Completed"),
                }
            )
        )
    return concat(iter(parts), ["email", "program_id", "completed_day"])


def linkedin_completions(raw_dir: Path, programs: pd.DataFrame) -> pd.DataFrame:
    urn_to_program = programs.dropna(subset=["linkedin_content_urn"]).set_index(
        "linkedin_content_urn"
    )["program_id"]
    rows = []
    for path in files_of(raw_dir, "linkedin_learning"):
        try:
            page = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise PeerInputError(f"{path}: line {error.lineno}: {error.msg}") from error
        for element in page.get("elements", []):
            learner = element.get("learnerDetails") or {}
            content = element.get("contentDetails") or {}
            for activity in element.get("activities") or []:
                if activity.get("engagementType") == "COMPLETIONS" and activity.get(
                    "lastEngagedAt"
                ):
                    rows.append(
                        (
                            (learner.get("email") or "").strip().lower(),
                            content.get("contentUrn"),
                            activity["lastEngagedAt"],
                        )
                    )
    found = pd.DataFrame(rows, columns=["email", "urn", "epoch_ms"])
    return pd.DataFrame(
        {
            "email": found["email"],
            "program_id": found["urn"].map(urn_to_program),
            "completed_day": pd.to_datetime(found["epoch_ms"], unit="ms")
            .dt.normalize()
            .astype("datetime64[ns]"),
        }
    )


def read_completions(raw_dir: Path, programs: pd.DataFrame) -> pd.DataFrame:
    every = pd.concat(
        [
            reader(raw_dir, programs)
            for reader in (
                lrs_completions,
                coursera_completions,
                udemy_completions,
                linkedin_completions,
            )
        ],
        ignore_index=True,
    )
    every = every.dropna(subset=["email", "program_id"])
    every = every[every["email"] != ""]
    return every.groupby(["email", "program_id"], as_index=False)["completed_day"].min()


# --- activity ---------------------------------------------------------------


def okta_days(path: Path, app_to_tool: dict[str, str]) -> pd.DataFrame:
    events = read_json_lines(path)
    if events.empty:
        return pd.DataFrame(columns=ACTIVITY_COLUMNS)
    is_sso = events["eventType"].eq("user.authentication.sso")
    success = events["outcome"].map(lambda o: isinstance(o, dict) and o.get("result") == "SUCCESS")
    events = events[is_sso & success]

    def app_name(targets) -> str | None:
        for target in targets if isinstance(targets, list) else []:
            if target.get("type") == "AppInstance":
                return (target.get("displayName") or "").strip().lower()
        return None

    tool = events["target"].map(app_name).map(app_to_tool)
    email = events["actor"].map(lambda a: a.get("alternateId") if isinstance(a, dict) else None)
    return pd.DataFrame(
        {
            "email": email.str.strip().str.lower(),
            "tool_id": tool,
            "day": day_of(events["published"], path, "published"),
        }
    ).dropna()


def proxy_days(path: Path, host_to_tool: Callable[[str], str | None]) -> pd.DataFrame:
    # A plain tab-separated log: quotes are text. `prompt` is never read.
    requests = read_csv(
        path,
        sep="\t",
        quoting=csv.QUOTE_NONE,
        usecols=["datetime", "login", "host", "action"],
    )
    requests = requests[requests["action"].str.lower().eq("allowed")]
    tool = requests["host"].str.lower().map(host_to_tool)
    requests = requests[tool.notna()]
    return pd.DataFrame(
        {
            "email": requests["login"].str.strip().str.lower(),
            "tool_id": tool[tool.notna()],
            "day": day_of(requests["datetime"], path, "datetime"),
        }
    )


def copilot_days(path: Path, refreshed: list[pd.Timestamp]) -> pd.DataFrame:
    report = read_csv(path)
    report = report.rename(columns=lambda c: c.strip())
    melted = report.melt(
        id_vars=["Report Refresh Date", "User Principal Name"],
        value_vars=[c for c in COPILOT_APPS if c in report.columns],
        var_name="app",
        value_name="last_activity",
    ).dropna(subset=["last_activity"])
    day = day_of(melted["last_activity"], path, "last activity date")
    refresh = day_of(melted["Report Refresh Date"], path, "Report Refresh Date")
    if not refresh.empty:
        refreshed.append(refresh.max())
    melted = melted.assign(day=day)[day <= refresh]
    return pd.DataFrame(
        {
            "email": melted["User Principal Name"].str.strip().str.lower(),
            "tool_id": melted["app"].map(COPILOT_APPS),
            "day": melted["day"],
        }
    )


def console_days(path: Path, name_to_tool: dict[str, str]) -> pd.DataFrame:
    usage = read_csv(path)
    interactions = pd.to_numeric(usage["Interactions"], errors="coerce")
    usage = usage[interactions > 0]
    return pd.DataFrame(
        {
            "email": usage["User"].str.strip().str.lower(),
            "tool_id": usage["Tool"].str.strip().map(name_to_tool),
            "day": day_of(usage["Date"], path, "Date"),
        }
    ).dropna()


def read_activity(raw_dir: Path, seeds: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame, date]:
    """Distinct (e-mail, sanctioned tool, day), and the last day every channel covers."""
    tools = seeds["ai_tools"]
    sanctioned = tools[tools["is_sanctioned"].str.lower() == "true"]
    app_to_tool = dict(
        zip(
            sanctioned["okta_app_name"].dropna().str.strip().str.lower(),
            sanctioned.dropna(subset=["okta_app_name"])["tool_id"],
            strict=True,
        )
    )
    name_to_tool = dict(zip(sanctioned["tool_name"], sanctioned["tool_id"], strict=True))
    hosts = seeds["ai_hosts"]
    usable = hosts[
        hosts["tool_id"].isin(sanctioned["tool_id"])
        & hosts["is_consumer"].str.lower().eq("false")
        & hosts["is_ambiguous"].str.lower().eq("false")
    ]
    ambiguous_or_consumer = hosts[~hosts.index.isin(usable.index)]["host_suffix"].tolist()
    suffixes = dict(zip(usable["host_suffix"], usable["tool_id"], strict=True))

    def host_to_tool(host: str) -> str | None:
        if not isinstance(host, str):
            return None
        for suffix in ambiguous_or_consumer:
            if host == suffix or host.endswith("." + suffix):
                return None
        for suffix, tool in suffixes.items():
            if host == suffix or host.endswith("." + suffix):
                return tool
        return None

    channels = {
        "okta": lambda p: okta_days(p, app_to_tool),
        "proxy": lambda p: proxy_days(p, host_to_tool),
        "m365_copilot": lambda p: copilot_days(p, copilot_refreshed),
        "ai_activity": lambda p: console_days(p, name_to_tool),
    }
    parts, channel_ends, copilot_refreshed = [], [], []
    for source, read_file in channels.items():
        started = time.perf_counter()
        days = concat((read_file(p) for p in files_of(raw_dir, source)), ACTIVITY_COLUMNS)
        days = days[days["tool_id"].isin(sanctioned["tool_id"])].drop_duplicates()
        print(
            f"pandas: {source:<13} {len(days):>10,} active days "
            f"{time.perf_counter() - started:7.1f} s",
            file=sys.stderr,
        )
        if source == "m365_copilot" and copilot_refreshed:
            # The report speaks for days up to its newest refresh date.
            channel_ends.append(max(copilot_refreshed))
        elif source != "m365_copilot" and not days.empty:
            channel_ends.append(days["day"].max())
        parts.append(days)
    activity = pd.concat(parts, ignore_index=True).drop_duplicates(ignore_index=True)
    return activity, min(channel_ends)


# --- the metric -------------------------------------------------------------


def wau_90_by_cohort(
    completions: pd.DataFrame,
    emails: pd.DataFrame,
    employment: pd.DataFrame,
    activity: pd.DataFrame,
    program_tools: pd.DataFrame,
    last_observed: pd.Timestamp,
) -> pd.DataFrame:
    completers = completions.merge(emails, on="email", how="left").merge(
        employment, on="EmployeeId", how="left"
    )
    day_n = completers["completed_day"] + pd.Timedelta(days=HORIZON)
    employed = (completers["hire_day"] <= day_n) & (
        completers["termination_day"].isna() | (day_n <= completers["termination_day"])
    )
    completers["is_eligible"] = (day_n <= last_observed) & employed

    # Active on a target tool in days N-6..N: one lookup per window day.
    windows = completers[["email", "program_id", "completed_day"]].merge(
        program_tools, on="program_id"
    )
    hits = []
    for offset in range(HORIZON - WAU_DAYS + 1, HORIZON + 1):
        probe = windows.assign(day=windows["completed_day"] + pd.Timedelta(days=offset))
        hits.append(probe.merge(activity, on=["email", "tool_id", "day"])[["email", "program_id"]])
    active = pd.concat(hits).drop_duplicates().assign(is_active=True)
    completers = completers.merge(active, on=["email", "program_id"], how="left")
    completers["is_active"] = completers["is_active"].fillna(False).astype(bool)
    completers["is_counted_active"] = completers["is_active"] & completers["is_eligible"]
    completers["cohort_month"] = completers["completed_day"].dt.to_period("M").dt.to_timestamp()

    cohorts = completers.groupby(["program_id", "cohort_month"], as_index=False).agg(
        completer_count=("email", "size"),
        wau_90_eligible_count=("is_eligible", "sum"),
        wau_90_active_count=("is_counted_active", "sum"),
    )
    cohorts["wau_90_rate"] = cohorts["wau_90_active_count"] / cohorts[
        "wau_90_eligible_count"
    ].where(cohorts["wau_90_eligible_count"] > 0)
    return cohorts


def run(raw_dir: Path, out_csv: Path) -> dict[str, object]:
    seeds = {
        name: pd.read_csv(SEEDS / f"{name}.csv", dtype=str)
        for name in ("programs", "program_tools", "ai_tools", "ai_hosts")
    }
    started = time.perf_counter()
    emails, employment = read_people(raw_dir)
    completions = read_completions(raw_dir, seeds["programs"])
    print(
        f"pandas: completions   {len(completions):>10,} people x programs "
        f"{time.perf_counter() - started:7.1f} s",
        file=sys.stderr,
    )
    activity, last_observed = read_activity(raw_dir, seeds)
    cohorts = wau_90_by_cohort(
        completions, emails, employment, activity, seeds["program_tools"], last_observed
    )
    cohorts.to_csv(out_csv, index=False, date_format="%Y-%m-%d")
    eligible = int(cohorts["wau_90_eligible_count"].sum())
    active = int(cohorts["wau_90_active_count"].sum())
    return {
        "cohort_rows": len(cohorts),
        "completers": int(cohorts["completer_count"].sum()),
        "wau_90_eligible": eligible,
        "wau_90_active": active,
        "wau_90_rate_overall": active / eligible if eligible else None,
        "activity_days": len(activity),
        "last_observed_day": str(last_observed.date()),
        "out_csv": str(out_csv),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="certgap bench-pandas-peer", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--raw-dir", type=Path, required=True, help="one folder per source")
    parser.add_argument("--out-csv", type=Path, required=True, help="WAU@90 per cohort")
    parser.add_argument("--out-json", type=Path, required=True, help="summary figures")
    args = parser.parse_args(argv)
    try:
        summary = run(args.raw_dir, args.out_csv)
    except PeerInputError as error:
        print(f"pandas peer: cannot read {error}", file=sys.stderr)
        return 2
    args.out_json.write_text(json.dumps(summary, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
