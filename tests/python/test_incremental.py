"""Incremental builds give the same warehouse as a full rebuild (issue #7).

Days 1..N are built, then the event sources' files of day N+1 arrive, with
a gateway file of day 3 that arrives late (outside the lookback window), and
one Copilot report inside the window is restated (same name, one row fewer);
the seat lists, the console exports, the Copilot reports, the LRS, the gateway
logs and the Okta System Log (dbt's
microbatch on the file date, issue #16) get the new day's files, one page of an earlier pull
inside the window restated, and a statement of the first LRS file (long
outside the window) voided by a voiding statement of the new day's;
`certgap publish` copies the published file and builds
incrementally. A full build of the same raw
files into another file must hold the same rows in every relation of
staging, intermediate, marts and restricted.
"""

from __future__ import annotations

import gzip
import json
import math
import re
import shutil
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest
from certgap_testkit import (
    Build,
    failure_messages,
    generate_sample,
    publish,
    run_dbt,
)

from certgap import raw_window

EVENT_SOURCES = ("lrs", "okta", "proxy", "m365_copilot", "ai_activity")
EVENT_BASE_MODELS = {
    "lrs": "base_lrs__statements",
    "okta": "base_okta__system_log_events",
    "proxy": "base_proxy__web_requests",
    "m365_copilot": "base_m365_copilot__usage_user_detail",
    "ai_activity": "base_ai_activity__daily_usage",
}
COMPARED_SCHEMAS = ("staging", "intermediate", "marts", "restricted")
LOOKBACK_DAYS = 3  # dbt_project.yml: incremental_lookback_days
LATE_SOURCE, LATE_DAY_INDEX = "proxy", 2  # its file of day 3 arrives with day N+1
SEAT_SOURCE = "ai_seats"  # microbatch on the file date: whole months re-read
# Event sources parsed by a microbatch model of their own (month batches): what
# it reads is in one compiled file per batch.
MICROBATCH_PARSE_MODELS = {
    "ai_activity": "base_ai_activity__daily_usage_lines",
    "lrs": "base_lrs__statements__parsed",
    "proxy": "base_proxy__web_requests__parsed",
    "okta": "base_okta__system_log_events__parsed",
    "m365_copilot": "base_m365_copilot__usage_user_detail__parsed",
}
LRS_SOURCE = "lrs"
VOIDED_VERB = "http://adlnet.gov/expapi/verbs/voided"
# Models and seeds only: the data tests run in the rest of the suite.
NO_TESTS = ["--exclude-resource-type", "test", "unit_test"]
DAY = re.compile(r"(\d{4}-\d{2}-\d{2})")


def file_day(path: Path) -> date:
    match = DAY.search(path.name)
    assert match, f"no date in the event file name {path}"
    return date.fromisoformat(match.group(1))


def newest_day(raw_dir: Path) -> date:
    return max(file_day(p) for p in (raw_dir / "okta").iterdir())


def restate_seat_page(page: Path) -> int:
    """Drop the last seat of a seat-list page, as a re-export would; return the
    seats left."""
    document = json.loads(page.read_text(encoding="utf-8"))
    assert len(document["seats"]) > 1, f"{page} has too few seats to restate"
    document["seats"] = document["seats"][:-1]
    page.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return len(document["seats"])


def restate_copilot_report(report: Path) -> str:
    """Drop the last data row of a Copilot report, as a re-download that restates
    it; return the dropped line."""
    lines = report.read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(lines) > 2, f"{report} has no data rows to restate"
    report.write_text("".join(lines[:-1]), encoding="utf-8")
    return lines[-1].rstrip("\r\n")


def read_lines(path: Path) -> list[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return handle.read().splitlines()


def void_first_statement(lrs: Path, day: date) -> str:
    """Append to the LRS file of `day` a statement voiding the first completion
    of the oldest file (outside any incremental window) that nothing voids
    yet; return its id."""
    files = sorted(lrs.iterdir(), key=file_day)
    already_voided = {
        json.loads(line)["object"].get("id", "").lower()
        for path in files
        for line in read_lines(path)
        if VOIDED_VERB in line and '"StatementRef"' in line and line.startswith("{")
    }
    target = next(
        statement
        for line in read_lines(files[0])
        if line.startswith("{")
        for statement in [json.loads(line)]
        if statement.get("verb", {}).get("id", "").endswith("/completed")
        and statement["id"].lower() not in already_voided
    )
    voiding = {
        "id": "00000000-0000-4000-8000-00000000f01d",
        "actor": {"objectType": "Agent", "mbox": "mailto:lrs-admin@acme.example"},
        "verb": {"id": VOIDED_VERB},
        "object": {"objectType": "StatementRef", "id": target["id"]},
        "timestamp": f"{day.isoformat()}T12:00:00Z",
        "stored": f"{day.isoformat()}T12:00:01Z",
    }
    [newest] = [p for p in files if file_day(p) == day]
    lines = [*read_lines(newest), json.dumps(voiding)]
    opener = gzip.open if newest.suffix == ".gz" else open
    with opener(newest, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    return target["id"]


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """An incremental build after one more day, and a full build of the same files."""
    work = tmp_path_factory.mktemp("incremental")
    sample = generate_sample(work / "sample", employees=250, days=30, seed=11)
    raw = work / "raw"
    shutil.copytree(sample, raw)
    day = newest_day(raw)

    late = sorted((raw / LATE_SOURCE).iterdir())[LATE_DAY_INDEX]
    held_back = work / "held_back"
    for source in (*EVENT_SOURCES, SEAT_SOURCE):
        (held_back / source).mkdir(parents=True)
        for path in (raw / source).iterdir():
            if file_day(path) == day or path == late:
                path.rename(held_back / source / path.name)
    assert all(any((held_back / s).iterdir()) for s in (*EVENT_SOURCES, SEAT_SOURCE)), (
        "a day lacks a source"
    )

    published = work / "published" / "certgap.duckdb"
    published.parent.mkdir()
    first_target = work / "target_days_1_to_n"
    assert publish(raw, published, first_target, *NO_TESTS) == 0, f"log: {first_target}/logs"

    for source in (*EVENT_SOURCES, SEAT_SOURCE):
        for path in (held_back / source).iterdir():
            path.rename(raw / source / path.name)
    voided_id = void_first_statement(raw / LRS_SOURCE, day)
    # a page of the pull before the new day's, in the window's month(s)
    seat_page = max(
        (p for p in (raw / SEAT_SOURCE).iterdir() if file_day(p) < day),
        key=lambda p: (file_day(p), p.name),
    )
    window_start = (day - timedelta(days=LOOKBACK_DAYS)).replace(day=1)  # a month batch
    assert file_day(seat_page) >= window_start, f"{seat_page} is not in the window's months"
    seats_left = restate_seat_page(seat_page)
    restated = next(
        p
        for p in sorted((raw / "m365_copilot").iterdir())
        if file_day(p) == day - timedelta(days=1)
    )
    dropped_line = restate_copilot_report(restated)

    incremental_target = work / "target_incremental"
    assert publish(raw, published, incremental_target, *NO_TESTS) == 0, (
        f"log: {incremental_target}/logs"
    )

    full = Build(raw_dir=raw, db_path=work / "full" / "certgap.duckdb", target_path=work / "tf")
    full.db_path.parent.mkdir()
    result = run_dbt(full, ["build", "--full-refresh", *NO_TESTS])
    assert result.success, "the full build failed"
    return {
        "incremental": Build(raw_dir=raw, db_path=published, target_path=incremental_target),
        "full": full,
        "day": day,
        "restated": restated,
        "dropped_line": dropped_line,
        "late": late,
        "seat_page": seat_page,
        "seats_left": seats_left,
        "voided_id": voided_id,
    }


def normalise(value: Any) -> Any:
    """Hashable and free of float noise (parallel sums may differ in the last bits)."""
    if isinstance(value, float):
        return value if math.isnan(value) or value == 0 else float(f"{value:.9g}")
    if isinstance(value, dict):
        return tuple((k, normalise(v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return tuple(normalise(v) for v in value)
    return value


def relation_rows(con: duckdb.DuckDBPyConnection, relation: str) -> Counter[tuple[Any, ...]]:
    rel = con.sql(f"select * from {relation}")
    columns = tuple(rel.columns)
    return Counter((columns, *(normalise(v) for v in row)) for row in rel.fetchall())


def relations(con: duckdb.DuckDBPyConnection) -> set[str]:
    schemas = ", ".join(f"'{s}'" for s in COMPARED_SCHEMAS)
    rows = con.sql(
        f"select table_schema || '.' || table_name from information_schema.tables "
        f"where table_schema in ({schemas})"
    ).fetchall()
    return {name for (name,) in rows}


def test_incremental_build_equals_full_build(builds: dict[str, Any]) -> None:
    incremental, full = builds["incremental"], builds["full"]
    with incremental.connect() as inc_con, full.connect() as full_con:
        names = relations(full_con)
        assert names == relations(inc_con), "the two builds hold different relations"
        assert {f"staging.{m}" for m in EVENT_BASE_MODELS.values()} <= names
        assert "staging.base_ai_seats__page_seats" in names
        differences = []
        for name in sorted(names):
            inc_rows, full_rows = relation_rows(inc_con, name), relation_rows(full_con, name)
            if inc_rows != full_rows:
                only_inc = list((inc_rows - full_rows).elements())
                only_full = list((full_rows - inc_rows).elements())
                sample = (only_inc or only_full)[0]
                differences.append(
                    f"{name}: {len(only_inc)} rows only in the incremental build, "
                    f"{len(only_full)} only in the full build; e.g. "
                    f"{'incremental' if only_inc else 'full'}: {sample}"
                )
    assert not differences, "\n".join(differences)


def files_read(target: Path, model: str) -> set[str]:
    """The raw files the compiled model reads (one read_csv per file), in all its
    batches for a microbatch model."""
    base = "compiled/certgap/models/staging/*/base"
    compiled = [*target.glob(f"{base}/{model}.sql"), *target.glob(f"{base}/{model}/*.sql")]
    assert compiled, f"{model} was not compiled in {target}"
    return {
        Path(p).name
        for sql in compiled
        for p in re.findall(r"read_csv\(\s*'([^']+)'", sql.read_text())
    }


@pytest.mark.parametrize("source", EVENT_SOURCES)
def test_incremental_build_reads_only_new_and_recent_files(
    builds: dict[str, Any], source: str
) -> None:
    raw = builds["incremental"].raw_dir
    files = list((raw / source).iterdir())
    # The window ends at the source's own newest file (Copilot's lag differs);
    # for a microbatch source, the window certgap publish passes, in whole
    # month batches.
    model = MICROBATCH_PARSE_MODELS.get(source, EVENT_BASE_MODELS[source])
    if source in MICROBATCH_PARSE_MODELS:
        start = raw_window.event_time_args(raw, full_refresh=False)[1]
        oldest_read = date.fromisoformat(start).replace(day=1)
    else:
        oldest_read = max(file_day(p) for p in files) - timedelta(days=LOOKBACK_DAYS)
    expected = {p.name for p in files if file_day(p) >= oldest_read}
    if source == LATE_SOURCE:
        expected.add(builds["late"].name)
    read = files_read(builds["incremental"].target_path, model)
    assert read == expected, (
        f"{source}: the incremental build read {sorted(read)}, expected only the files "
        f"from {oldest_read} on: {sorted(expected)}"
    )
    # (a month batch of a 30-day sample may hold every file)
    assert len(expected) < len(files) or source in MICROBATCH_PARSE_MODELS


def test_restated_copilot_report_replaces_the_old_rows(builds: dict[str, Any]) -> None:
    restated: Path = builds["restated"]
    data_lines = [
        line for line in restated.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    name = f"m365_copilot/{restated.name}"
    rows = builds["incremental"].query(
        "select count(*), max(_source_line), "
        "count(*) filter (where raw_line = $$" + builds["dropped_line"] + "$$) "
        f"from staging.base_m365_copilot__usage_user_detail where _source_file = '{name}'"
    )
    # every line but the header is a record; the dropped one is gone
    assert rows == [(len(data_lines) - 1, len(data_lines), 0)], (
        f"{name} was restated to {len(data_lines)} lines (dropped: "
        f"{json.dumps(builds['dropped_line'])}); the incremental build holds "
        f"(rows, last line, dropped rows) = {rows}"
    )


def test_a_line_longer_than_the_read_buffer_fails_naming_file_and_line(
    tmp_path: Path,
) -> None:
    """Raw files are read with 1 MiB line buffers (memory: one buffer per file)."""
    okta = tmp_path / "raw" / "okta"
    okta.mkdir(parents=True)
    event = {"uuid": "e1", "published": "2026-01-05T10:00:00Z", "eventType": "x"}
    too_long = dict(event, uuid="e2", displayMessage="x" * 1_100_000)
    (okta / "okta_syslog_2026-01-05.jsonl").write_text(
        json.dumps(event) + "\n" + json.dumps(too_long) + "\n", encoding="utf-8"
    )
    build = Build(
        raw_dir=tmp_path / "raw", db_path=tmp_path / "db" / "certgap.duckdb", target_path=tmp_path
    )
    build.db_path.parent.mkdir()
    result = run_dbt(build, ["build", "--select", "+base_okta__system_log_events", *NO_TESTS])
    assert not result.success, "a 1.1 MB line was read"
    # A microbatch model's failed batch leaves the node a partial success: its
    # error is in the log, where the person running the build reads it.
    log = (tmp_path / "logs" / "dbt.log").read_text(encoding="utf-8")
    message = "\n".join(failure_messages(result)) + log
    error = re.search(
        r"CSV Error on Line: 2\n.*?Maximum line size.*?file = (\S+)", message, re.DOTALL
    )
    assert error, message[-3000:]
    assert error.group(1).endswith("okta/okta_syslog_2026-01-05.jsonl"), error.group(0)[-2000:]


def test_restated_seat_page_replaces_the_old_rows(builds: dict[str, Any]) -> None:
    """The seat lists are loaded by dbt's microbatch on the file date: a page
    re-exported inside the window is re-read by itself, the new day's are added."""
    page: Path = builds["seat_page"]
    name = f"{SEAT_SOURCE}/{page.name}"
    rows = builds["incremental"].query(
        "select count(*), max(_source_line) from staging.base_ai_seats__page_seats "
        f"where _source_file = '{name}' and _source_line > 0"
    )
    assert rows == [(builds["seats_left"], builds["seats_left"])], (name, rows)
    new_day = builds["incremental"].query(
        "select count(distinct _source_file) from staging.base_ai_seats__seat_assignments "
        f"where _source_file like '%{builds['day'].isoformat()}%'"
    )
    assert new_day[0][0] > 0, "the new day's seat pages were not loaded"


def test_a_new_voiding_statement_voids_one_of_an_old_file(builds: dict[str, Any]) -> None:
    """Voiding spans files: base_lrs__statements is recomputed whole, so a
    statement of a file the incremental build did not re-read is voided."""
    statuses = builds["incremental"].query(
        "select _row_status, count(*) from staging.base_lrs__statements "
        f"where statement_key = lower('{builds['voided_id']}') group by 1"
    )
    assert ("voided", 1) in statuses and {s for s, _ in statuses} <= {"voided", "duplicate"}, (
        statuses
    )
