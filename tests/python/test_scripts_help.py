"""Every `certgap` command explains itself: `--help` exits 0 with a usage line,
and every flag it lists has a description."""

from __future__ import annotations

import re
import subprocess

import pytest
from certgap_testkit import CERTGAP, REPO

from certgap.cli import COMMANDS

# An option line in argparse's help: two spaces, then the flag(s), then either two
# or more spaces and the description, or the description on the next line(s).
OPTION = re.compile(r"^  (-\S.*?)(?:\s{2,}(\S.*))?$")


def certgap(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*CERTGAP, *args], capture_output=True, text=True, cwd=REPO, timeout=120, check=False
    )


def undescribed_flags(help_text: str) -> list[str]:
    """The flags in the options sections of `help_text` with no description."""
    lines = help_text.splitlines()
    missing = []
    for i, line in enumerate(lines):
        found = OPTION.match(line)
        if not found or found.group(2):
            continue
        following = lines[i + 1] if i + 1 < len(lines) else ""
        # argparse puts a long flag's description on the next line, indented deeper
        if not re.match(r"^ {4,}\S", following) or OPTION.match(following):
            missing.append(found.group(1))
    return missing


def test_undescribed_flags_are_found() -> None:
    text = "options:\n  -h, --help  show help\n  --out OUT\n  --seed SEED\n      the seed\n"
    assert undescribed_flags(text) == ["--out OUT"]


def test_certgap_lists_every_command() -> None:
    result = certgap("--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: certgap")
    for name in COMMANDS:
        assert re.search(rf"^  {re.escape(name)}\s", result.stdout, re.M), name


def test_unknown_command_fails_naming_the_choices() -> None:
    result = certgap("no-such-command")
    assert result.returncode == 2
    assert "unknown command 'no-such-command'" in result.stderr
    assert "generate" in result.stderr


@pytest.mark.parametrize("name", COMMANDS)
def test_help(name: str) -> None:
    result = certgap(name, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: certgap {name}"), result.stdout[:200]
    # A description beyond the usage line, and every option explained.
    assert "--help" in result.stdout and len(result.stdout.splitlines()) > 3
    assert undescribed_flags(result.stdout) == [], result.stdout
