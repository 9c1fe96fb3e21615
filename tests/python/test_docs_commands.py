"""Every shell command in README.md and docs/*.md runs as written from a fresh
shell in the project root, or is skipped for a reason listed in SKIPPED.

The commands are the lines of the fenced `bash`, `sh` and `console` blocks
(`$ ` lines of a console block), a trailing backslash joining lines. An
`export NAME=value` line applies to the commands after it in its block. Each
command runs in `bash` from the repo root with no DBT_* or CERTGAP_* variable
and a HOME without ~/.dbt, so dbt finds its profile through the root's
profiles.yml link. A command that itself (or through its block's exports) sets
CERTGAP_DB or CERTGAP_RAW_DIR runs against the shared test build (conftest
`built_sample`) instead of the path the page names; any other command runs
against what the page says.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from certgap_testkit import REPO, Build

PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
SHELL_BLOCKS = {"bash", "sh", "console"}
BUILD_VARIABLES = ("CERTGAP_DB", "CERTGAP_RAW_DIR")

# The commands not run, each with why. A command is matched as written, its
# trailing comment and repeated spaces removed.
SKIPPED = {
    "make demo": "installs the venv (pip), generates 2,000 x 270 and builds it: minutes, "
    "and the venv is shared; the builds of the test suite cover the same steps",
    "make test": "is the suite this test belongs to",
    "make report": "runs `make install` (pip) and needs make demo's warehouse; "
    "certgap report, which it calls, runs below against the test build",
    "make docs": "runs `make install` (pip) and needs make demo's warehouse; "
    "tests/python/test_docs.py runs its `dbt docs generate --static` on the test build",
    "make build": "a full build of $CERTGAP_RAW_DIR (minutes; /path/to/exports is a "
    "placeholder); tests/python/test_publish.py covers certgap publish",
    "make backfill SINCE=2026-03-01": "runs `make install` (pip) and needs a published "
    "warehouse; tests/python/test_seats_microbatch.py runs the certgap publish --since "
    "it calls",
    "make validate": "runs `make install` (pip) and needs a published warehouse; "
    "tests/python/test_validate.py runs the checkpoint",
    "make bench": "the 10,000 x 365 benchmark takes tens of minutes; "
    "tests/python/test_bench.py runs a small one",
    ".venv/bin/certgap generate --out data/raw --employees 2000 "
    "--days 270 --seed 42": "writes the 2,000 x 270 sample into data/raw; "
    "tests/python/test_generator.py runs the generator",
    "CERTGAP_TARGET=databricks CERTGAP_RAW_DIR=dbfs:/Volumes/main/certgap/raw "
    ".venv/bin/dbt build": "needs a Databricks workspace and token",
}


@dataclass(frozen=True)
class Command:
    page: str  # path relative to the repo
    line: int  # where the command starts
    text: str
    exports: tuple[str, ...]  # the export lines before it in its block

    @property
    def key(self) -> str:
        return " ".join(re.sub(r"\s+#\s.*$", "", self.text).split())

    def sets_build_variable(self) -> bool:
        return any(f"{name}=" in part for name in BUILD_VARIABLES for part in self.script_parts)

    @property
    def script_parts(self) -> tuple[str, ...]:
        return (*self.exports, self.text)


def shell_commands(page: Path) -> list[Command]:
    """The commands of the shell code blocks of one Markdown page."""
    found: list[Command] = []
    language: str | None = None
    exports: list[str] = []
    pending, start = "", 0
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        fence = re.match(r"^\s*```\s*(\S*)", line)
        if fence:
            language = None if language is not None else fence.group(1).lower()
            exports, pending = [], ""
            continue
        if language not in SHELL_BLOCKS:
            continue
        if language == "console":
            if not (pending or line.startswith("$ ")):
                continue  # output
            line = line if pending else line[2:]
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if not pending:
            start = number
        pending += line.rstrip()
        if pending.endswith("\\"):
            pending = pending[:-1].rstrip() + " "
            continue
        text, pending = " ".join(pending.split()), ""
        if text.startswith("export "):
            exports.append(text)
        else:
            relative = str(page.relative_to(REPO))
            found.append(Command(relative, start, text, tuple(exports)))
    return found


COMMANDS = [command for page in PAGES for command in shell_commands(page)]


def pointed_at(text: str, build: Build) -> str:
    """The text with CERTGAP_DB / CERTGAP_RAW_DIR set to the test build's."""
    paths = {"CERTGAP_DB": build.db_path, "CERTGAP_RAW_DIR": build.raw_dir}
    for name, path in paths.items():
        text = re.sub(rf"\b{name}=\S+", f"{name}={path}", text)
    return text


def test_the_pages_hold_the_commands_they_should() -> None:
    keys = {(c.page, c.key) for c in COMMANDS}
    assert ("README.md", "make demo") in keys
    assert ("README.md", "make test") in keys
    assert any(
        c.page == "docs/bi_analysts.md" and c.key.startswith(".venv/bin/mf query") for c in COMMANDS
    )
    multi_line = next(c for c in COMMANDS if "--where" in c.text)
    assert multi_line.text.startswith(".venv/bin/mf query --metrics completion_rate"), multi_line


def test_every_skip_names_a_command_still_in_the_pages() -> None:
    """A skip whose command left the pages is stale: drop it."""
    assert sorted(set(SKIPPED) - {c.key for c in COMMANDS}) == []


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: f"{c.page}:{c.line}")
def test_command_runs_as_written(
    command: Command, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    if command.key in SKIPPED:
        pytest.skip(SKIPPED[command.key])
    script = "\n".join(["set -e", *command.script_parts])
    if command.sets_build_variable():
        script = pointed_at(script, request.getfixturevalue("built_sample"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DBT_", "CERTGAP_"))}
    env["HOME"] = str(tmp_path)  # a fresh user: no ~/.dbt to fall back on
    done = subprocess.run(
        ["bash", "-c", script],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, (
        f"{command.page}:{command.line} failed (exit {done.returncode}):\n"
        f"{command.text}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    )
