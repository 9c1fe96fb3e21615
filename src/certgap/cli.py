"""The ``certgap`` command: one subcommand per job, each with its own ``--help``.

A subcommand's module is imported only when it runs, so ``certgap --help`` and
the light commands do not pay for Great Expectations or dbt imports.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

# name -> (module with main(argv), one line for `certgap --help`)
COMMANDS: dict[str, tuple[str, str]] = {
    "generate": (
        "certgap.generator.cli",
        "write a synthetic sample of every raw source, with its truth.json",
    ),
    "publish": (
        "certgap.publish_build",
        "dbt build into a fresh file, then publish it over --db (what `make build` runs)",
    ),
    "demo": ("certgap.show_demo", "say where the marts are and answer one question from them"),
    "report": ("certgap.report.cli", "write the six questions as one offline HTML file"),
    "validate": (
        "certgap.validation.cli",
        "Great Expectations checkpoint over a built database, with Data Docs",
    ),
    "extract-lrs": (
        "certgap.extract_lrs",
        "pull xAPI statements from an LRS into raw files, resumably",
    ),
    "bench": ("certgap.bench", "time full vs incremental build vs floor vs pandas"),
    "bench-floor": ("certgap.bench_floor", "the least work any tool must do (bench step)"),
    "bench-pandas-peer": (
        "certgap.bench_pandas_peer",
        "the metrics a notebook would compute with pandas (bench step)",
    ),
    "check-contracts": (
        "certgap.check_contracts",
        "fail on a breaking change to a contracted model without a new version",
    ),
    "compare-builds": (
        "certgap.compare_builds",
        "compare two DuckDB builds relation by relation (a refactor changes no row)",
    ),
    "check-portable-sql": (
        "certgap.check_portable_sql",
        "find DuckDB-only SQL outside macros/ (it would not run on Spark)",
    ),
}

USAGE = "usage: certgap [-h] COMMAND [ARGS ...]"


def help_text() -> str:
    width = max(map(len, COMMANDS))
    lines = [
        USAGE,
        "",
        "certgap's commands; `certgap COMMAND --help` explains each one's flags.",
        "",
        "commands:",
        *(f"  {name:<{width}}  {summary}" for name, (_, summary) in COMMANDS.items()),
        "",
        "options:",
        "  -h, --help  show this help message and exit",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print(help_text())
        return 0 if args else 2
    name, rest = args[0], args[1:]
    if name not in COMMANDS:
        print(f"{USAGE}\ncertgap: error: unknown command {name!r}", file=sys.stderr)
        print(f"choose from: {', '.join(COMMANDS)}", file=sys.stderr)
        return 2
    module = importlib.import_module(COMMANDS[name][0])
    return module.main(rest)
