"""certgap compare-builds: equal builds compare equal; a changed row, a float
differing only in its last bits, and a new relation are told apart."""

from __future__ import annotations

from pathlib import Path

import duckdb

from certgap.compare_builds import main


def _build(path: Path, rate: float, extra: bool = False) -> Path:
    con = duckdb.connect(str(path))
    con.sql("create schema marts")
    con.sql(f"create table marts.m as select 1 as k, {rate}::double as rate")
    if extra:
        con.sql("create table marts.n as select 1 as k")
    con.close()
    return path


def test_equal_and_float_noise_compare_equal(tmp_path: Path, capsys) -> None:
    before = _build(tmp_path / "a.duckdb", 0.1 + 0.2)
    after = _build(tmp_path / "b.duckdb", 0.3, extra=True)
    assert main([str(before), str(after)]) == 0
    out = capsys.readouterr().out
    assert "only after: [('marts', 'n')]" in out and "1 relations; 0 differ" in out


def test_a_changed_row_is_a_difference(tmp_path: Path, capsys) -> None:
    before = _build(tmp_path / "a.duckdb", 0.3)
    after = _build(tmp_path / "b.duckdb", 0.31)
    assert main([str(before), str(after)]) == 1
    assert "rows differ: marts.m (2 rows not in both)" in capsys.readouterr().out
