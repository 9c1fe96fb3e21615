"""Broken inputs to `certgap report`: each fails with one message that
names the database file and the fix, and writes no report."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from certgap.report import cli as build_report
from certgap.report.data import REQUIRED_MARTS


def run(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, Path]:
    out = tmp_path / "report.html"
    code = build_report.main(["--db", str(db), "--out", str(out), "--quiet"])
    return code, capsys.readouterr().err, out


def make_db(path: Path, *statements: str) -> Path:
    con = duckdb.connect(str(path))
    try:
        for statement in statements:
            con.sql(statement)
    finally:
        con.close()
    return path


def test_missing_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "warehouse" / "certgap.duckdb"
    code, err, out = run(db, tmp_path, capsys)
    assert code == 1
    assert f"{db}: no such database" in err
    assert "make demo" in err
    assert not out.exists()


def test_file_that_is_not_duckdb(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "certgap.duckdb"
    db.write_text("person_key,program_id\nabc,copilot\n")
    code, err, out = run(db, tmp_path, capsys)
    assert code == 1
    assert f"{db}: cannot be opened as a DuckDB database" in err
    assert "make demo" in err
    assert not out.exists()


def test_database_without_marts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = make_db(tmp_path / "certgap.duckdb", "create table main.t as select 1 as x")
    code, err, out = run(db, tmp_path, capsys)
    assert code == 1
    assert f"{db}: missing marts.mart_executive_scorecard" in err
    for name in REQUIRED_MARTS:
        assert f"marts.{name}" in err
    assert not out.exists()


def test_one_mart_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    present = [name for name in REQUIRED_MARTS if name != "mart_shadow_ai"]
    db = make_db(
        tmp_path / "certgap.duckdb",
        "create schema marts",
        *(f"create table marts.{name} (x integer)" for name in present),
    )
    code, err, _ = run(db, tmp_path, capsys)
    assert code == 1
    assert f"{db}: missing marts.mart_shadow_ai;" in err


def test_empty_marts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = make_db(
        tmp_path / "certgap.duckdb",
        "create schema marts",
        *(f"create table marts.{name} (x integer)" for name in REQUIRED_MARTS),
    )
    code, err, out = run(db, tmp_path, capsys)
    assert code == 1
    assert f"{db}: marts.mart_program_adoption is empty" in err
    assert "make build" in err
    assert not out.exists()


def test_no_cohort_has_reached_day_90(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Logs too short for WAU@90: say so rather than draw an empty report."""
    db = make_db(
        tmp_path / "certgap.duckdb",
        "create schema marts",
        *(
            f"create table marts.{name} (x integer)"
            for name in REQUIRED_MARTS
            if name not in {"mart_executive_scorecard", "mart_program_adoption"}
        ),
        "create table marts.mart_program_adoption as select 'p' as program_id",
        "create table marts.mart_executive_scorecard as select date '2026-01-01' "
        "as cycle_start_date, false as is_wau_90_fully_observed, 0 as wau_90_eligible_count",
    )
    code, err, out = run(db, tmp_path, capsys)
    assert code == 1
    assert f"{db}: no completer has reached day 90 yet" in err
    assert not out.exists()
