"""Fail when SQL outside macros/ uses something only DuckDB understands (or that means
something else on Spark).

certgap runs the same models on DuckDB and Spark; engine-specific SQL lives only in
`adapter.dispatch` macros under macros/. This script reads the SQL that people write
elsewhere -- models, tests, analyses, snapshots (.sql), and the SQL-bearing values of
their YAML (data test arguments, `where` configs, `loaded_at_query`, unit-test SQL
fixtures) -- and reports every construct of RULES with its file and line.

It reads the sources, not target/compiled: compiled SQL holds the DuckDB macro
expansions, which are allowed. Jinja tags (macro calls such as dbt.dateadd(...) are
the portable way), comments and the contents of string literals are blanked out
first, keeping line numbers. A line that must use a flagged construct on purpose says
so with `portable-sql: ignore` in a comment.

    certgap check-portable-sql          # exit 1 and a list when something is found
    certgap check-portable-sql --list   # print the rules and why each exists
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from certgap.paths import project_dir

REPO = project_dir()
SCANNED_DIRS = ("models", "tests", "analyses", "snapshots", "seeds")
IGNORE_MARKER = "portable-sql: ignore"
# YAML keys whose values are prose, not SQL.
PROSE_KEYS = frozenset({"description", "doc", "docs", "meta", "name", "label", "owner"})


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    why: str


def _rule(name: str, regex: str, why: str) -> Rule:
    return Rule(name, re.compile(regex, re.IGNORECASE), why)


# The one list. Each entry: what is matched, and why it may not appear outside macros/.
RULES: tuple[Rule, ...] = (
    # Reading files: only read_raw_lines() (macros/raw) knows how on each engine.
    _rule(
        "file reader",
        r"\b(read_csv(_auto)?|read_json(_auto|_objects)?|read_ndjson\w*|read_parquet"
        r"|read_text|read_blob|parquet_scan|glob)\s*\(",
        "DuckDB table functions that read files; Spark reads files only through "
        "read_raw_lines() / raw_files_loaded_at() (macros/raw).",
    ),
    # JSON
    _rule(
        "DuckDB JSON function",
        r"\b(json_extract(_string|_path|_path_text)?|json_valid|json_keys|json_structure"
        r"|json_transform(_strict)?|json_type|json_contains|json_group_\w+|json_merge_patch"
        r"|json_serialize_sql)\s*\(",
        "DuckDB's JSON functions; use json_text / json_fragment / json_is_valid / "
        "json_array_length / json_array_rows (macros/parsing/json.sql).",
    ),
    _rule(
        "JSON arrow or arrow lambda",
        r"->>?",
        "`->`/`->>` are DuckDB's JSON operators (Spark: none), and `x -> expr` lambdas are "
        "written differently on each engine; keep either in a dispatched macro.",
    ),
    _rule(
        "DuckDB lambda",
        r"\blambda\s+\w+(\s*,\s*\w+)*\s*:",
        "DuckDB's `lambda x: expr` syntax; Spark writes `x -> expr`.",
    ),
    # Lists and strings
    _rule(
        "DuckDB list function",
        r"\b(list_\w+|array_length|array_slice|array_to_string|flatten|array_extract"
        r"|array_value|struct_pack|struct_extract|struct_insert|map_from_entries)\s*\(",
        "DuckDB list/struct functions (Spark: transform, filter, array_position, size, "
        "explode, named_struct ...).",
    ),
    _rule(
        "with ordinality",
        r"\bwith\s+ordinality\b",
        "DuckDB/Postgres table-function syntax; Spark uses posexplode.",
    ),
    _rule(
        "DuckDB string function",
        r"\b(string_split(_regex)?|str_split(_regex)?|regexp_split_to_array"
        r"|regexp_split_to_table|string_to_array|regexp_full_match|regexp_matches"
        r"|starts_with|ends_with|strpos|md5_number\w*|levenshtein|jaro_\w+)\s*\(",
        "DuckDB-only string functions (Spark: split with a regex, rlike, startswith, instr).",
    ),
    _rule(
        "subscript or list literal",
        r"\[",
        "DuckDB subscripts are 1-based (x[1] is the first element), Spark's are 0-based, and "
        "[a, b] is a list literal only in DuckDB. Use a dispatched macro (csv_field, ...).",
    ),
    _rule(
        "struct literal",
        r"\{",
        "{'k': v} is a DuckDB struct literal; Spark writes named_struct('k', v).",
    ),
    # Dates and times
    _rule(
        "DuckDB date/time function",
        r"\b(strptime|try_strptime|strftime|epoch_ms|epoch_us|epoch_ns|epoch|make_timestamptz"
        r"|timezone|today|current_localtimestamp|age|date_diff|datediff|date_add|date_sub"
        r"|dateadd|date_trunc|time_bucket|to_timestamp)\s*\(",
        "Parsing, zones and date arithmetic differ between the engines (e.g. datediff has "
        "other arguments on Spark, date_trunc returns a timestamp there, to_timestamp takes "
        "epoch seconds on DuckDB and text on Spark). Use iso_timestamp_utc / compact_date / "
        "epoch_ms_utc / iso_date (macros/parsing/timestamps.sql) and dbt.dateadd, "
        "dbt.datediff, dbt.date_trunc.",
    ),
    _rule(
        "interval arithmetic",
        r"\binterval\b",
        "Interval literals and their arithmetic differ (DuckDB '90 days', Spark INTERVAL 90 "
        "DAY; date + interval is a timestamp on Spark); use dbt.dateadd.",
    ),
    _rule(
        "DuckDB type name",
        r"\b(timestamptz|timestamp\s+with\s+time\s+zone|hugeint|uhugeint|ubigint|uinteger"
        r"|usmallint|utinyint|blob|bytea|json)\b(?!\s*\()",
        "Types Spark does not have; use dbt.type_timestamp(), dbt.type_string() ... "
        "(a bare `varchar` is caught by the next rule).",
    ),
    _rule(
        "varchar without length",
        r"\bas\s+varchar\b(?!\s*\()",
        "Spark refuses VARCHAR without a length; cast to dbt.type_string().",
    ),
    _rule(
        ":: cast",
        r"::",
        "Postgres-style casts; Spark before 4.0 (and Databricks before 15) has no `::`. "
        "Write cast(x as {{ dbt.type_... }}).",
    ),
    # Query syntax
    _rule(
        "qualify",
        r"\bqualify\b",
        "Spark has no QUALIFY (Databricks has); filter a window result in an outer CTE.",
    ),
    _rule(
        "select * exclude/replace, union by name",
        r"\*\s*(exclude|replace)\s*\(|\bunion\s+(all\s+)?by\s+name\b",
        "DuckDB-only select-list and set-operation syntax; list the columns.",
    ),
    _rule(
        "DuckDB table function",
        r"\b(generate_series|range|unnest)\s*\(",
        "DuckDB table functions (Spark: sequence + explode, or range with other arguments).",
    ),
    _rule(
        "double-quoted identifier",
        r'"',
        'Spark reads "x" as a string literal, DuckDB as a column name; write the name '
        "unquoted (or in a dispatched macro).",
    ),
    _rule(
        "integer division //",
        r"//",
        "DuckDB's integer division operator; Spark writes `div`. Use floor(a / b).",
    ),
    # Same name, different answer: portable syntax, engine-specific result.
    _rule(
        "regexp_replace",
        r"\bregexp_replace\s*\(",
        "DuckDB replaces the first match unless given 'g', Spark replaces every match; and "
        "the regex dialects differ (RE2 / Java). Keep it in a dispatched macro.",
    ),
    _rule(
        "operator after a named window",
        r"\bover\s+[a-z_]\w*\s*[-+*/%|]",
        "Spark reads `over w - x` as the identifier `w-x` (INVALID_IDENTIFIER); take "
        "the window in one step and compute with it in the next.",
    ),
    _rule(
        "log",
        r"\blog\s*\(",
        "log(x) is log10 on DuckDB and the natural log on Spark; write ln() or log10().",
    ),
    _rule(
        "hash",
        r"\bhash\s*\(",
        "hash() gives different numbers on each engine; use dbt.hash (md5) for keys.",
    ),
    _rule(
        "concat",
        r"\bconcat\s*\(",
        "concat() skips nulls on DuckDB and returns null on Spark; use || (null on both) "
        "with explicit coalesce, or dbt.concat over coalesced parts.",
    ),
    _rule(
        "isfinite/isinf",
        r"\b(isfinite|isinf)\s*\(",
        "DuckDB-only float tests; see text_to_double in macros/parsing.",
    ),
    _rule(
        "quantile/median",
        r"\b(quantile(_cont|_disc)?|median|mode|arg_max|arg_min|histogram|list)\s*\(",
        "DuckDB aggregate names (Spark: percentile, percentile_approx, max_by, min_by, "
        "collect_list); their interpolation also differs.",
    ),
)


# Checked inside string literals (every other rule reads the SQL with their contents
# blanked out).
STRING_RULES: tuple[Rule, ...] = (
    _rule(
        "backslash in a string",
        r"\\",
        "Spark reads a backslash in a string literal as an escape ('CORP\\ann' is "
        "'CORPann' there), DuckDB as itself; write chr(92), e.g. 'CORP' || chr(92) || 'ann'.",
    ),
)


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    rule: Rule
    text: str

    def __str__(self) -> str:
        rel = self.path.relative_to(REPO) if self.path.is_relative_to(REPO) else self.path
        return f"{rel}:{self.line}: {self.rule.name}: {self.text.strip()}\n    {self.rule.why}"


def _blank(match: re.Match[str]) -> str:
    """Spaces for everything but newlines, so that line numbers survive."""
    return re.sub(r"[^\n]", " ", match.group(0))


_JINJA_OPEN = re.compile(r"\{[{%#]")
# One left-to-right pass, so that a quote inside a comment or '--' inside a string
# is read as what it is.
_SQL_TOKENS = re.compile(r"--[^\n]*|/\*.*?\*/|'(?:[^'\\]|''|\\.)*'", re.DOTALL)


def _blank_jinja(sql: str) -> str:
    """Blank every {{ }}, {% %} and {# #}, including tags nested in their strings
    (config(post_hook="{{ ... }}"))."""
    out = list(sql)
    position = 0
    while match := _JINJA_OPEN.search(sql, position):
        start = match.start()
        if match.group(0) == "{#":
            end = sql.find("#}", start)
            end = len(sql) if end < 0 else end + 2
        else:
            depth, i = 0, start
            while i < len(sql):
                pair = sql[i : i + 2]
                if pair in ("{{", "{%"):
                    depth += 1
                    i += 2
                elif pair in ("}}", "%}"):
                    depth -= 1
                    i += 2
                    if depth == 0:
                        break
                else:
                    i += 1
            end = i
        for j in range(start, end):
            if out[j] != "\n":
                out[j] = " "
        position = end
    return "".join(out)


def mask(sql: str) -> str:
    """The SQL without Jinja tags, comments and string contents (quotes kept)."""
    text = _blank_jinja(sql)

    def blank_token(match: re.Match[str]) -> str:
        token = match.group(0)
        if token.startswith("'"):
            return "'" + _blank(match)[1:-1] + "'"
        return _blank(match)

    return _SQL_TOKENS.sub(blank_token, text)


def scan_sql(sql: str, path: Path, first_line: int = 1) -> Iterator[Finding]:
    lines = sql.splitlines()
    text = mask(sql)
    for rule in RULES:
        for match in rule.pattern.finditer(text):
            index = text.count("\n", 0, match.start())
            source_line = lines[index] if index < len(lines) else ""
            if IGNORE_MARKER in source_line:
                continue
            yield Finding(path, first_line + index, rule, source_line)
    without_jinja = _blank_jinja(sql)
    for token in _SQL_TOKENS.finditer(without_jinja):
        if not token.group(0).startswith("'"):
            continue
        for rule in STRING_RULES:
            for match in rule.pattern.finditer(token.group(0)):
                index = without_jinja.count("\n", 0, token.start() + match.start())
                source_line = lines[index] if index < len(lines) else ""
                if IGNORE_MARKER not in source_line:
                    yield Finding(path, first_line + index, rule, source_line)


def _yaml_sql_values(node: yaml.Node, key: str | None = None) -> Iterator[tuple[str, int]]:
    """Every string value of a YAML document that is not prose, with its line."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child_key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if child_key in PROSE_KEYS:
                continue
            yield from _yaml_sql_values(value_node, child_key)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _yaml_sql_values(item, key)
    elif (
        isinstance(node, yaml.ScalarNode)
        and node.tag.endswith(":str")
        # only values that look like SQL: a call, a comparison, a keyword or Jinja
        and re.search(r"[(=<>{]|\bselect\b|\bfrom\b", node.value, re.IGNORECASE)
    ):
        # a block scalar starts on the line after its indicator
        offset = 1 if node.style in ("|", ">") else 0
        yield node.value, node.start_mark.line + 1 + offset


def scan_yaml(path: Path) -> Iterator[Finding]:
    for document in yaml.compose_all(path.read_text(encoding="utf-8")):
        if document is None:
            continue
        for value, line in _yaml_sql_values(document):
            yield from scan_sql(value, path, first_line=line)


def files_to_scan(root: Path) -> Iterator[Path]:
    for folder in SCANNED_DIRS:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.suffix in {".sql", ".yml", ".yaml"} and path.is_file():
                yield path


def check(root: Path = REPO) -> list[Finding]:
    findings: list[Finding] = []
    for path in files_to_scan(root):
        if path.suffix == ".sql":
            findings += scan_sql(path.read_text(encoding="utf-8"), path)
        else:
            findings += scan_yaml(path)
    return findings


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="certgap check-portable-sql",
        description=(
            "List DuckDB-only (or engine-dependent) SQL in models, tests, analyses and "
            "snapshots: everything outside macros/. Exit status 1 when anything is found."
        ),
    )
    parser.add_argument(
        "--root", type=Path, default=REPO, help="project folder to scan (default: this repo)"
    )
    parser.add_argument(
        "--list", action="store_true", help="print every rule and why it exists, then exit"
    )
    args = parser.parse_args(argv)
    if args.list:
        for rule in (*RULES, *STRING_RULES):
            print(f"{rule.name}: /{rule.pattern.pattern}/\n    {rule.why}")
        return 0
    findings = check(args.root.resolve())
    for finding in findings:
        print(finding)
    scanned = sum(1 for _ in files_to_scan(args.root.resolve()))
    print(
        f"{len(findings)} engine-specific construct(s) outside macros/ in {scanned} files",
        file=sys.stderr,
    )
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
