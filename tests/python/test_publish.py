"""`certgap publish` (what `make build` runs): a rebuild never disturbs
an analyst's open read-only connection, new connections see the new data,
and a failed build leaves the published file byte for byte as it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from certgap_testkit import CERTGAP, REPO, generate_sample

OLD_SAMPLE = {"employees": 200, "days": 30, "seed": 21}
NEW_SAMPLE = {"employees": 150, "days": 30, "seed": 22}
HEADCOUNT = "select count(*) from marts.dim_employees"
# The tests read marts.dim_employees and need HR's reject gate (the post-hook of
# stg_hris__workers_rejected): each publish builds these, what they are built
# from and their data tests, not the whole project.
HEADCOUNT_LINEAGE = (
    *("--select", "+dim_employees", "+stg_hris__workers_rejected"),
    *("--indirect-selection", "cautious"),
)
# In samples this small a source with a dozen people can fall below the
# identity match-rate floors; that check is not what this test is about. The
# reject gate judges HR's few hundred rows by their rate (default: 1,000).
SMALL_SAMPLE_VARS = (
    '{"identity_match_rate_min": {"default": 0.5, "m365_copilot": 0.5, "proxy": 0.5},'
    ' "min_records_to_judge": 100}'
)


@dataclass
class Publishing:
    """A running `certgap publish`. Its output goes to a file: a pipe that
    nobody reads while the test polls would fill up and stall the build."""

    process: subprocess.Popen
    log: Path

    def finish(self) -> tuple[int, str]:
        self.process.wait(timeout=1800)
        return self.process.returncode, self.log.read_text()


def publish(db: Path, raw_dir: Path, work: Path, *dbt_args: str, cwd: Path = REPO) -> Publishing:
    """Run the script as a user would from a fresh shell in `cwd`: nothing
    exported but the raw folder (no DBT_PROFILES_DIR, no CERTGAP_DB)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DBT_PROFILES_DIR", "CERTGAP_DB", "CERTGAP_TARGET"}
    }
    env["CERTGAP_RAW_DIR"] = str(raw_dir)
    cmd = [
        *CERTGAP,
        "publish",
        "--db",
        str(db),
        "--",
        "--target-path",
        str(work / "target"),
        "--log-path",
        str(work / "logs"),
        "--vars",
        SMALL_SAMPLE_VARS,
        *HEADCOUNT_LINEAGE,
        *dbt_args,
    ]
    log = work / f"publish-{time.monotonic_ns()}.log"
    with open(log, "w") as output:
        process = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT)
    return Publishing(process, log)


def headcount(con: duckdb.DuckDBPyConnection) -> int:
    return con.sql(HEADCOUNT).fetchall()[0][0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The old sample published; returns (published file, work folder)."""
    work = tmp_path_factory.mktemp("publish")
    raw = generate_sample(work / "raw_old", **OLD_SAMPLE)
    db = work / "warehouse" / "certgap.duckdb"
    code, output = publish(db, raw, work).finish()
    assert code == 0, output
    assert f"published {db}" in output
    return db, work


def test_open_reader_keeps_old_data_and_new_readers_see_the_rebuild(
    published: tuple[Path, Path],
) -> None:
    db, work = published
    new_raw = generate_sample(work / "raw_new", **NEW_SAMPLE)
    reader = duckdb.connect(str(db), read_only=True)
    try:
        old_count = headcount(reader)
        rebuild = publish(db, new_raw, work)
        reads_during_rebuild = 0
        while rebuild.process.poll() is None:
            assert headcount(reader) == old_count
            reads_during_rebuild += 1
            time.sleep(1)
        code, output = rebuild.finish()
        assert code == 0, output
        assert reads_during_rebuild > 0
        assert headcount(reader) == old_count  # after the swap, still the old file
    finally:
        reader.close()
    fresh = duckdb.connect(str(db), read_only=True)
    try:
        new_count = headcount(fresh)
    finally:
        fresh.close()
    assert 0 < new_count < old_count  # 150 planted employees against 200
    assert not (db.parent / ".building").exists()


def test_a_failed_build_leaves_the_published_file_untouched(published: tuple[Path, Path]) -> None:
    db, work = published
    broken = work / "raw_broken"
    shutil.copytree(generate_sample(work / "raw_for_broken", **NEW_SAMPLE), broken)
    hris_file = sorted((broken / "hris").iterdir())[0]
    with open(hris_file, "a") as handle:  # far more than 1 % of HR rows unreadable
        handle.writelines(f"not,a,worker,{n}\n" for n in range(100))
    before = digest(db)
    reader = duckdb.connect(str(db), read_only=True)
    try:
        count_before = headcount(reader)
    finally:
        reader.close()

    # From outside the project: the script finds its own project and profile.
    code, output = publish(db, broken, work, "--fail-fast", cwd=work).finish()

    assert code == 1, output
    assert "untouched" in output
    # dbt's own reason follows, not only "failed": the reject gate names the source
    why = output[output.index("Why:") :]
    assert "Source 'hris' rejected" in why and "above max_reject_rate" in why
    assert digest(db) == before
    reader = duckdb.connect(str(db), read_only=True)
    try:
        assert headcount(reader) == count_before
    finally:
        reader.close()


@pytest.mark.parametrize("name", ["main.duckdb", "System.duckdb"])
def test_a_file_named_like_a_duckdb_catalog_is_refused_before_building(
    tmp_path: Path, name: str
) -> None:
    """DuckDB names the catalog after the file's stem: a build into main.duckdb
    failed on every node with "schema main.seeds does not exist"."""
    db = tmp_path / name
    done = subprocess.run(
        [*CERTGAP, "publish", "--db", str(db)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2, done.stderr
    assert str(db) in done.stderr and "reserves" in done.stderr
    assert not (tmp_path / ".building").exists()
