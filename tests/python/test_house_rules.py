"""The size and sharing rules of issue #17, checked on the tree so they stay true:
a model has at most 200 lines, a macro at most 150, the README at most 200, no
two mart models share a run of six identical lines, and nothing edits sys.path
(the Python is one installed package)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from certgap_testkit import REPO

MAX_MODEL_LINES = 200
MAX_MACRO_LINES = 150
MAX_README_LINES = 200
SHARED_RUN = 6
MACRO_START = re.compile(r"{%-?\s*(?:macro|test)\s+(\w+)")
MACRO_END = re.compile(r"{%-?\s*end(?:macro|test)\b")


def line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def long_models(root: Path) -> list[str]:
    return [
        f"{path.relative_to(root)}: {line_count(path)} lines"
        for path in sorted((root / "models").rglob("*.sql"))
        if line_count(path) > MAX_MODEL_LINES
    ]


def long_macros(root: Path) -> list[str]:
    found = []
    for path in sorted([*(root / "macros").rglob("*.sql"), *(root / "tests").rglob("*.sql")]):
        start = name = None
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if opened := MACRO_START.search(line):
                start, name = number, opened.group(1)
            if MACRO_END.search(line) and start is not None:
                if number - start + 1 > MAX_MACRO_LINES:
                    found.append(f"{path.relative_to(root)}: {name} {number - start + 1} lines")
                start = None
    return found


def code_runs(path: Path) -> set[tuple[str, ...]]:
    """Every run of SHARED_RUN consecutive code lines: blank, comment and
    lone-punctuation lines skipped, white space folded (as `duplicates` reads)."""
    lines = [
        " ".join(line.split())
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip().strip("(),;") and not line.strip().startswith("--")
    ]
    return {tuple(lines[i : i + SHARED_RUN]) for i in range(len(lines) - SHARED_RUN + 1)}


def marts_sharing_runs(root: Path) -> list[str]:
    runs = {path: code_runs(path) for path in sorted((root / "models" / "marts").rglob("*.sql"))}
    return [
        f"{a.relative_to(root)} ~ {b.relative_to(root)}: {' / '.join(sorted(runs[a] & runs[b])[0])}"
        for a, b in itertools.combinations(runs, 2)
        if runs[a] & runs[b]
    ]


def test_no_model_over_200_lines() -> None:
    assert long_models(REPO) == []


def test_no_macro_over_150_lines() -> None:
    assert long_macros(REPO) == []


def test_readme_is_a_front_door() -> None:
    assert line_count(REPO / "README.md") <= MAX_README_LINES


def test_no_two_marts_share_six_identical_lines() -> None:
    assert marts_sharing_runs(REPO) == []


def test_nothing_edits_sys_path() -> None:
    offenders = [
        str(path.relative_to(REPO))
        for folder in ("src", "tests")
        for path in (REPO / folder).rglob("*.py")
        if "sys.path" in path.read_text(encoding="utf-8") and path.name != "test_house_rules.py"
    ]
    assert offenders == []


def test_each_rule_fails_on_a_doctored_tree(tmp_path: Path) -> None:
    """The checks can fail: a long model, a long macro and two marts sharing a run."""
    (tmp_path / "models" / "marts").mkdir(parents=True)
    (tmp_path / "macros").mkdir()
    (tmp_path / "tests").mkdir()
    (tmp_path / "models" / "long.sql").write_text("select 1\n" * 201)
    body = "".join(f"select {i} as c\n" for i in range(151))
    (tmp_path / "macros" / "m.sql").write_text(f"{{% macro m() %}}\n{body}{{% endmacro %}}\n")
    shared = "".join(f"    column_{i},\n" for i in range(6))
    for name in ("a", "b"):
        (tmp_path / "models" / "marts" / f"{name}.sql").write_text(f"select\n{shared}from {name}\n")
    assert long_models(tmp_path) == ["models/long.sql: 201 lines"]
    assert long_macros(tmp_path) == ["macros/m.sql: m 153 lines"]
    assert len(marts_sharing_runs(tmp_path)) == 1
