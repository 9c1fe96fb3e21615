"""`certgap check-contracts`: a breaking change to a contracted mart, committed
without a new model version, fails with dbt's own error; other changes pass.

Each test works on a copy of the project in its own git repository, so the
real failing path (base worktree, dbt parse, state:modified) runs end to end.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from certgap_testkit import CERTGAP, REPO

PROJECT_PARTS = ("models", "macros", "seeds", "analyses", "profiles", "dbt_project.yml")
MART_YML = Path("models/marts/core/_core__models.yml")
CONTRACTED_COLUMN = """      - name: seat_cost_usd
        data_type: double
        description: Cost of one seat in US dollars.
"""


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=certgap test", "-c", "user.email=test@example.com", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", message)


def check(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*CERTGAP, "check-contracts", "--project-dir", str(repo), *args],
        capture_output=True,
        text=True,
        timeout=1200,
    )


@pytest.fixture
def project_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "project"
    repo.mkdir()
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, repo / part)
        else:
            shutil.copy2(source, repo / part)
    shutil.copytree(REPO / "tests", repo / "tests", ignore=shutil.ignore_patterns("python"))
    git(repo, "init", "--quiet", "-b", "main")
    commit_all(repo, "the project as it is")
    return repo


def edit(repo: Path, path: Path, old: str, new: str) -> None:
    text = (repo / path).read_text()
    assert old in text, f"{path} no longer holds the text this test edits"
    (repo / path).write_text(text.replace(old, new, 1))


def test_a_fresh_repository_has_nothing_to_compare_with(project_repo: Path) -> None:
    result = check(project_repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "nothing to compare with (HEAD has no parent commit)" in result.stdout


def test_removing_a_contracted_column_fails_with_dbts_error(project_repo: Path) -> None:
    edit(project_repo, MART_YML, CONTRACTED_COLUMN, "")
    commit_all(project_repo, "drop seat_cost_usd from dim_programs")

    result = check(project_repo)

    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Breaking change to contracted, unversioned model dim_programs" in output
    assert "seat_cost_usd" in output
    assert "HEAD~1 (HEAD is on main)" in output


def test_a_described_change_passes_and_base_can_be_chosen(project_repo: Path) -> None:
    edit(
        project_repo,
        MART_YML,
        "description: Cost of one seat in US dollars.",
        "description: Cost of one seat in US dollars, list price.",
    )
    commit_all(project_repo, "describe seat_cost_usd better")

    result = check(project_repo, "--base", "HEAD~1")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no breaking contract change" in result.stdout
