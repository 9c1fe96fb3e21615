"""Tests of `certgap bench` on a tiny sample: the table, the held-back day, the peer.

No timing is asserted here (the machine is shared); the targets are reported
by the benchmark itself in bench/results.md.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from certgap_testkit import CERTGAP, REPO, generate_sample

# More than 90 days, so that some completers' day 90 is observed.
EMPLOYEES, DAYS = 200, 120
STEPS = ("full", "floor", "pandas", "incremental")
EVENT_SOURCES = ("okta", "proxy", "lrs", "m365_copilot", "ai_activity")


def run_bench(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CERTGAP, "bench", *args], cwd=REPO, capture_output=True, text=True)


# One API response page a file: one JSON record each.
PAGE_SOURCES = ("linkedin_learning", "credly", "ai_seats")


def data_lines(path: Path) -> int:
    """Records in a raw file: non-blank lines, less the header of a CSV/TSV."""
    if path.parent.name in PAGE_SOURCES:
        return 1
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        count = sum(1 for line in lines if line.strip())
    return count - (0 if ".json" in path.name else 1)


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One full benchmark run; the bench generates the sample itself."""
    root = tmp_path_factory.mktemp("bench")
    paths = {"raw": root / "raw", "work": root / "work", "results": root / "results.md"}
    done = run_bench(
        "--employees",
        str(EMPLOYEES),
        "--days",
        str(DAYS),
        "--raw-dir",
        str(paths["raw"]),
        "--work-dir",
        str(paths["work"]),
        "--results",
        str(paths["results"]),
    )
    assert done.returncode == 0, done.stderr[-3000:]
    paths["stdout"] = root / "stdout.txt"
    paths["stdout"].write_text(done.stdout)
    return paths


@pytest.mark.slow
def test_table_has_every_step_with_time_memory_and_ratio(bench_run: dict[str, Path]) -> None:
    results = bench_run["results"].read_text()
    assert f"## {EMPLOYEES:,} employees x {DAYS} days" in results
    assert f"--employees {EMPLOYEES} --days {DAYS}" in results
    assert re.search(r"machine: \d+ cores, [\d.]+ GB RAM", results)
    rows = {
        m["step"]: m
        for m in re.finditer(
            r"^\| (?P<step>\w+) \| (?P<wall>[\d.]+) \| (?P<rss>[\d.]+) \| (?P<ratio>[^|]*)\|$",
            results,
            re.MULTILINE,
        )
    }
    assert set(rows) == set(STEPS)
    for step in STEPS:
        assert float(rows[step]["wall"]) > 0
        assert float(rows[step]["rss"]) > 0
    assert rows["full"]["ratio"].startswith("full/floor = ")
    assert rows["incremental"]["ratio"].startswith("incremental/full = ")
    assert rows["pandas"]["ratio"].startswith("pandas/full = ")
    # Each build's profile: the slowest models from its run_results.json, and
    # for the incremental one the copy of the published database before dbt.
    assert "Full build profile" in results and "Incremental build profile" in results
    assert re.search(r"copied the published database in \d+ s", results)
    assert len(re.findall(r"^\| [a-z_0-9]+ \| [\d.]+ \|$", results, re.MULTILINE)) == 20
    # What was printed is what was written.
    assert rows["full"].group(0) in bench_run["stdout"].read_text()


@pytest.mark.slow
def test_every_step_but_incremental_reads_the_sample_minus_its_newest_day(
    bench_run: dict[str, Path],
) -> None:
    floor = {
        f["source"]: f["records"]
        for f in json.loads((bench_run["work"] / "floor.json").read_text())
    }
    assert len(floor) == 14
    for source, records in floor.items():
        files = sorted((bench_run["raw"] / source).iterdir())
        if source in EVENT_SOURCES:
            files = files[:-1]
        assert records == sum(data_lines(p) for p in files), source
    # The incremental build got the held-back files back.
    for source in EVENT_SOURCES:
        linked = {p.name for p in (bench_run["work"] / "input" / source).iterdir()}
        assert linked == {p.name for p in (bench_run["raw"] / source).iterdir()}


@pytest.mark.slow
def test_pandas_peer_gives_a_wau_90_per_cohort_within_range(bench_run: dict[str, Path]) -> None:
    summary = json.loads((bench_run["work"] / "pandas.json").read_text())
    with (bench_run["work"] / "pandas_wau90.csv").open() as rows:
        cohorts = list(csv.DictReader(rows))
    assert len(cohorts) == summary["cohort_rows"] > 0
    assert summary["wau_90_eligible"] > 0
    assert 0 <= summary["wau_90_active"] <= summary["wau_90_eligible"]
    rated = [c for c in cohorts if c["wau_90_rate"]]
    assert rated
    for cohort in rated:
        assert 0 <= float(cohort["wau_90_rate"]) <= 1
        assert int(cohort["wau_90_active_count"]) <= int(cohort["wau_90_eligible_count"])
    assert "Pandas peer:" in bench_run["results"].read_text()
    assert "Against `marts.mart_program_adoption`" in bench_run["results"].read_text()


@pytest.fixture(scope="module")
def small_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_sample(tmp_path_factory.mktemp("raw"), employees=200, days=20, seed=3)


def broken_copy(sample: Path, tmp_path: Path, source: str, line_number: int) -> Path:
    """A copy of the sample whose oldest file of `source` has one broken line."""
    raw = tmp_path / "raw"
    shutil.copytree(sample, raw)
    path = sorted((raw / source).iterdir())[0]
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        text = lines.read().split("\n")
    # A JSON record with a colon missing; a CSV line with one field too many.
    text[line_number - 1] = (
        text[line_number - 1].replace('"uuid":', '"uuid"', 1)
        if source == "okta"
        else text[line_number - 1] + ",extra"
    )
    with opener(path, "wt", encoding="utf-8") as out:
        out.write("\n".join(text))
    return path


@pytest.mark.parametrize("step", ["floor", "pandas"])
@pytest.mark.parametrize("source", ["okta", "ai_activity"])
def test_a_broken_line_stops_the_step_naming_file_and_line(
    small_sample: Path, tmp_path: Path, step: str, source: str
) -> None:
    broken = broken_copy(small_sample, tmp_path, source, line_number=3)
    done = run_bench(
        "--employees",
        "200",
        "--days",
        "20",
        "--raw-dir",
        str(broken.parents[1]),
        "--work-dir",
        str(tmp_path / "work"),
        "--results",
        str(tmp_path / "results.md"),
        "--steps",
        step,
    )
    assert done.returncode == 1
    assert f"step {step} failed" in done.stderr
    assert broken.name in done.stderr
    assert re.search(r"line:? 3\b", done.stderr, re.IGNORECASE), done.stderr[-2000:]
    assert not (tmp_path / "results.md").exists()


def test_a_half_written_sample_is_refused(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "okta").mkdir(parents=True)
    (raw / "okta" / "okta_syslog_2026-01-05.jsonl").write_text("{}\n")
    done = run_bench(
        *("--employees", "200", "--days", "20", "--raw-dir", str(raw)),
        *("--work-dir", str(tmp_path / "work"), "--results", str(tmp_path / "results.md")),
    )
    assert done.returncode == 1
    assert "no truth.json" in done.stderr and str(raw) in done.stderr
    # Neither generated over nor benchmarked.
    assert [p.name for p in raw.rglob("*")] == ["okta", "okta_syslog_2026-01-05.jsonl"]
    assert not (tmp_path / "results.md").exists()


def test_incremental_without_full_is_refused() -> None:
    done = run_bench("--employees", "200", "--days", "20", "--steps", "incremental")
    assert done.returncode == 2
    assert "incremental" in done.stderr and "full" in done.stderr
