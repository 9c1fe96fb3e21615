"""`certgap check-portable-sql` finds DuckDB-only SQL outside macros/, with its line,
and stays quiet about portable SQL, Jinja, comments and string contents."""

from __future__ import annotations

import subprocess
from pathlib import Path

from certgap_testkit import CERTGAP

from certgap import check_portable_sql as checker

REPO = Path(__file__).resolve().parents[2]


def findings_in(sql: str) -> list[tuple[int, str]]:
    return [(f.line, f.rule.name) for f in checker.scan_sql(sql, Path("m.sql"))]


def test_duckdb_only_sql_is_found_on_its_line() -> None:
    sql = "\n".join(
        [
            "select",
            "    string_split(raw_line, ',') as parts,",
            "    x::integer as y,",
            "    list_transform(parts, lambda p: trim(p)) as trimmed,",
            "    json_extract_string(doc, '$.a') as a,",
            "    strptime(d, '%Y%m%d') as day",
            "from read_csv('data/*.csv')",
            "qualify row_number() over (partition by a order by day) = 1",
            "    , sum(n) over to_date",
            "    - n as before",
        ]
    )
    found = findings_in(sql)
    assert (2, "DuckDB string function") in found
    assert (3, ":: cast") in found
    assert (4, "DuckDB list function") in found
    assert (4, "DuckDB lambda") in found
    assert (5, "DuckDB JSON function") in found
    assert (6, "DuckDB date/time function") in found
    assert (7, "file reader") in found
    assert (8, "qualify") in found
    assert (9, "operator after a named window") in found


def test_portable_sql_jinja_comments_and_strings_are_not_flagged() -> None:
    sql = "\n".join(
        [
            "{{ config(post_hook=\"{{ check_reject_rate('x', ref('y')) }}\") }}",
            "-- a comment may say qualify, x::int or read_csv(",
            "/* and so may a block: string_split( */",
            "select",
            "    {{ dbt.dateadd('day', 90, 'completed_date') }} as day_90,",
            "    {{ json_text('doc', '$.a[0]') }} as a,",
            "    cast(n as {{ dbt.type_string() }}) as n_text,",
            "    'it''s :: [not] {code}' as note,",
            "    {% for i in range(2) %}{{ i }} as c{{ i }},{% endfor %}",
            "    coalesce(a, b) as c",
            "from {{ ref('stg_degreed__completions') }}",
        ]
    )
    assert findings_in(sql) == []


def test_a_line_can_opt_out() -> None:
    assert findings_in("select x::int as y -- portable-sql: ignore") == []


def test_yaml_sql_values_are_scanned_and_prose_is_not(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "_m.yml").write_text(
        "version: 2\n"
        "models:\n"
        "  - name: m\n"
        "    description: uses qualify and x::int in prose, which is fine\n"
        "    data_tests:\n"
        "      - expression_is_true:\n"
        "          arguments:\n"
        '            expression: "epoch_ms(ts) > 0"\n'
    )
    found = [(f.path.name, f.line, f.rule.name) for f in checker.check(tmp_path)]
    assert found == [("_m.yml", 8, "DuckDB date/time function")]


def test_the_project_passes_or_the_script_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "bad.sql").write_text("select 1 as a\nfrom read_parquet('x')\n")
    result = subprocess.run(
        [*CERTGAP, "check-portable-sql", "--root", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "models/bad.sql:2: file reader" in result.stdout.replace(str(tmp_path) + "/", "")


def test_a_backslash_in_a_string_literal_is_found() -> None:
    sql = "\n".join(
        [
            "select",
            "    'CORP\\JDoe' as login,",
            "    'CORP' || chr(92) || 'JDoe' as portable_login,",
            "    -- a comment may hold DOMAIN\\user",
            "    {{ some_macro('a\\b') }} as from_jinja",
        ]
    )
    assert findings_in(sql) == [(2, "backslash in a string")]
