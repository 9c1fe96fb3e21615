"""Every command in scripts/ explains itself: `--help` exits 0 with a usage line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from certgap_testkit import REPO

SCRIPTS = sorted((REPO / "scripts").glob("*.py"))


def test_scripts_are_found() -> None:
    assert len(SCRIPTS) >= 6, SCRIPTS


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_help(script: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(script), "--help"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: {script.name}"), result.stdout[:200]
    # A description beyond the usage line: the options are explained.
    assert "--help" in result.stdout and len(result.stdout.splitlines()) > 3
