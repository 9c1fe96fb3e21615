"""Session fixtures: one small generated sample, built once, shared by the tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from certgap_testkit import Build, build_sample, generate_sample

# Small enough to build in well under a minute, large enough that every
# program has completers and every source has rows.
CANARY = "CANARY-7f3a-never-stage-prompts"
SAMPLE = {
    "employees": 600,
    "days": 150,
    "seed": 7,
    "extra_args": ("--prompt-canary", CANARY),
}


@pytest.fixture(scope="session")
def sample_raw_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_sample(tmp_path_factory.mktemp("raw"), **SAMPLE)


@pytest.fixture(scope="session")
def built_sample(sample_raw_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Build:
    work = tmp_path_factory.mktemp("build")
    build = Build(
        raw_dir=sample_raw_dir,
        db_path=work / "certgap.duckdb",
        target_path=work / "target",
    )
    build_sample(build)
    return build
