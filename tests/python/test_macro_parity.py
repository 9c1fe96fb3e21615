"""Each engine-specific macro gives the same answer on DuckDB and on Spark.

The macros are rendered by dbt itself (`dbt show --inline`) over a table of awkward
inputs, on both targets, and the answers compared. Every answer is turned into text in
SQL ('<value>' or NULL) so that nothing is re-typed on the way to Python.
Marked `spark`; it shares the Spark JVM of the other spark tests.
"""

from __future__ import annotations

import math

import pytest
from certgap_testkit import Build, failure_messages, run_dbt
from spark_testkit import SparkBuild, run_dbt_spark, shared_spark_dir, skip_or_fail_without_spark

pytestmark = pytest.mark.spark

skip_or_fail_without_spark()


def literal(value: str | None, engine: str) -> str:
    if value is None:
        return "null"
    if engine == "spark":  # backslash escapes; '' is not a quote there
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return "'" + value.replace("'", "''") + "'"


def as_text(expr: str) -> str:
    return f"'<' || cast({expr} as {{{{ dbt.type_string() }}}}) || '>'"


def inputs_cte(values: list[str | None], engine: str) -> str:
    rows = ", ".join(f"({i}, {literal(v, engine)})" for i, v in enumerate(values))
    return f"inputs as (select * from (values {rows}) as t (case_id, x))"


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    spark_dir = shared_spark_dir(tmp_path_factory)
    work = tmp_path_factory.mktemp("macros")
    raw = work / "raw"
    raw.mkdir()
    duck = Build(raw_dir=raw, db_path=work / "show.duckdb", target_path=work / "target-duck")
    spark = SparkBuild(raw_dir=raw, spark_dir=spark_dir, target_path=work / "target-spark")
    return {"duckdb": duck, "spark": spark}


def show(engines: dict[str, object], engine: str, sql: str) -> list[tuple[str | None, ...]]:
    args = ["show", "--inline", sql, "--limit", "-1"]
    runner = run_dbt_spark if engine == "spark" else run_dbt
    result = runner(engines[engine], args)  # type: ignore[operator]
    assert result.success, f"{engine}: " + "\n".join(failure_messages(result)) + "\n" + sql
    table = result.result.results[0].agate_table
    return sorted(tuple(None if v is None else str(v) for v in row) for row in table.rows)


def both(engines: dict[str, object], build_sql) -> tuple[list, list]:
    return show(engines, "duckdb", build_sql("duckdb")), show(engines, "spark", build_sql("spark"))


def scalar_macro_case(macro_call: str, values: list[str | None]):
    def build_sql(engine: str) -> str:
        return (
            f"with {inputs_cte(values, engine)} "
            f"select case_id, {as_text(macro_call)} as answer from inputs"
        )

    return build_sql


def assert_same(duck: list, spark: list, values: list[str | None]) -> None:
    differences = [
        f"input {values[int(float(d[0]))]!r}: DuckDB {d[1:]} / Spark {s[1:]}"
        for d, s in zip(duck, spark, strict=True)
        if d != s
    ]
    assert len(duck) == len(spark) and differences == [], "\n".join(differences)


TIMESTAMP_TEXTS = [
    "2026-03-12T10:00:00Z",
    "2026-03-12T10:00:00+02:00",
    "2026-03-12T10:00:00.123456+02:00",
    "2026-03-12T10:00:00.5Z",
    "2026-03-12T10:00:00+0200",
    "2026-03-12T10:00:00+02",
    "2026-03-12T10:00:00-05:30",
    "2026-03-12 10:00:00",
    "2026-03-12T10:00",
    "2026-03-12",
    "2026-3-2T10:00:00Z",
    "2026/03/12 10:00:00",
    "2026-03-12T10:00:00-00:00",
    "2026-03-12T10:00:00 Europe/Paris",
    "2026-03-12T10:00:00 UTC",
    "2026-03-12T10:00:00GMT+1",
    "2026",
    "2026-03",
    "2026-02-30T10:00:00Z",
    "2026-03-12T25:00:00Z",
    "20260312",
    "1723713018000",
    "",
    "  ",
    " 2026-03-12T10:00:00Z",
    "garbage",
    None,
]


@pytest.mark.parametrize(
    ("macro", "values"),
    [
        ("iso_timestamp_utc", TIMESTAMP_TEXTS),
        ("iso_date", [*TIMESTAMP_TEXTS, "2026-3-1", "+2026-03-12", "0001-01-01", "2026/3/1"]),
        (
            "compact_date",
            ["20260312", "2026312", "20261301", "20260230", "20240229", "20260312x", "", None],
        ),
        (
            "epoch_ms_utc",
            [
                *("1723713018000", "1723713018000.0", "1723713018000.5", " 1723713018000 "),
                *("1e12", "-5", "x", "", None),
            ],
        ),
        ("trim_spaces", [" a ", "\ta\t", "\u00a0a\u00a0", "\u2003a\u3000", "\ufeffa", "a", ""]),
    ],
)
def test_scalar_macros(engines: dict[str, object], macro: str, values: list[str | None]) -> None:
    duck, spark = both(engines, scalar_macro_case(f"{{{{ {macro}('x') }}}}", values))
    assert_same(duck, spark, values)


JSON_DOCUMENT = (
    '{"s":"x\\"q","n":1.50,"i":10,"e":1e3,"b":true,"z":null,'
    '"o":{"k":2,"a":[1,"two",{"q":null}]},"arr":["a","b"],"emp":[],"eo":{},'
    '"u":"caf\\u00e9 / \\n","objs":[{"b":1,"a":"x"},{"identityType":"emailAddress"}]}'
)
JSON_TEXTS = [
    JSON_DOCUMENT,
    '{"a":1}',
    '{"a":1} x',
    '{"a":1}{"b":2}',
    "{'a':1}",
    '{"a":1',
    '{"a":01}',
    '{"a":"x\ty"}',
    ' {"a":1} ',
    '{"a":1,"a":2}',
    '"http://example.com/badge"',
    "null",
    "[1,2]",
    "true",
    "",
    None,
]
JSON_PATHS = ["$.s", "$.n", "$.i", "$.e", "$.b", "$.z", "$.missing", "$.o", "$.o.a"]
JSON_PATHS += ["$.o.a[1]", "$.o.a[2]", "$.arr", "$.emp", "$.eo", "$.u", "$.objs", "$"]


def test_json_is_valid(engines: dict[str, object]) -> None:
    duck, spark = both(engines, scalar_macro_case("{{ json_is_valid('x') }}", JSON_TEXTS))
    assert_same(duck, spark, JSON_TEXTS)


@pytest.mark.parametrize("macro", ["json_text", "json_fragment", "json_array_length"])
def test_json_extraction(engines: dict[str, object], macro: str) -> None:
    # DuckDB's JSON functions raise on invalid JSON: models test json_is_valid first
    valid = [JSON_DOCUMENT, '{"a":1}', '"http://example.com/badge"', "[1,2]", "true", None]

    calls = ["{{ " + f"{macro}('x', '{path}')" + " }}" for path in JSON_PATHS]

    def build_sql(engine: str) -> str:
        answers = ", ".join(f"{as_text(call)} as a{i}" for i, call in enumerate(calls))
        return f"with {inputs_cte(valid, engine)} select case_id, {answers} from inputs"

    duck, spark = both(engines, build_sql)
    assert_same(duck, spark, valid)


def test_json_array_rows(engines: dict[str, object]) -> None:
    values = [JSON_DOCUMENT, '{"arr":[]}', '{"arr":"x"}', '{"arr":{"a":1}}', '{"b":1}', None]
    values += ['{"arr":[null,"x\\"y",{"z":1,"a":[2]},3.50,false]}']

    def build_sql(engine: str) -> str:
        return (
            f"with {inputs_cte(values, engine)}, "
            "arrays as (select case_id, "
            "case when case_id = 0 then {{ json_fragment('x', '$.objs') }} "
            "else {{ json_fragment('x', '$.arr') }} end as arr from inputs) "
            f"select arrays.case_id, {as_text('elements.element_index')} as i, "
            f"{as_text('elements.element')} as element from arrays "
            # as in the models: DuckDB raises on a non-array, so callers guard
            "{{ json_array_rows(\"case when left(arrays.arr, 1) = '[' then arrays.arr end\", "
            "'$', 'elements') }}"
        )

    duck, spark = both(engines, build_sql)
    assert duck == spark
    assert len(duck) == 2 + 5  # the two objects of case 0 and the five elements of the last


def test_delimited_lines(engines: dict[str, object]) -> None:
    lines = [
        ("a.csv", 1, "Id,Name,Note"),
        ("a.csv", 2, "1,Ann,plain"),
        ("a.csv", 3, '2,"Lee, Bo","said ""hi"""'),
        ("a.csv", 4, '3,"open,quote'),
        ("a.csv", 5, "4,too,many,fields"),
        ("a.csv", 6, "5,,"),
        ("a.csv", 7, " 6 , Ann\u00a0, x "),
        ("a.csv", 8, '7,"",""""'),
        ("a.csv", 9, '8,x"y,z'),
        ("b.csv", 1, "Note,Id"),
        ("b.csv", 2, "n,9"),
        ("b.csv", 3, "only"),
    ]

    def build_sql(engine: str) -> str:
        rows = ", ".join(f"({literal(f, engine)}, {n}, {literal(t, engine)})" for f, n, t in lines)
        fields = ", ".join(
            as_text("{{ csv_field('" + name + "') }}") + f" as f_{name.lower()}"
            for name in ("Id", "Name", "Note", "Absent")
        )
        return (
            f"with raw_lines as (select * from (values {rows}) "
            "as t (_source_file, _source_line, raw_line)), "
            "{{ parse_delimited_lines('raw_lines') }} "
            "select parsed_lines._source_file, parsed_lines._source_line, "
            f"{as_text('parsed_lines.is_wellformed')} as ok, {fields} from parsed_lines"
        )

    duck, spark = both(engines, build_sql)
    assert duck == spark
    assert len(duck) == 10


def test_normal_cdf(engines: dict[str, object]) -> None:
    values = ["-3.5", "-1.96", "-0.5", "0", "0.5", "1.2345", "1.96", "6"]

    def build_sql(engine: str) -> str:
        return (
            f"with {inputs_cte(values, engine)} "
            "select case_id, {{ normal_cdf('cast(x as double)') }} as phi, "
            "{{ two_sided_p_value('cast(x as double)') }} as p from inputs"
        )

    duck, spark = both(engines, build_sql)
    for d, s in zip(duck, spark, strict=True):
        for a, b in zip(d[1:], s[1:], strict=True):
            assert math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-15), (d, s)


GATEWAY_TIMES = [
    "Mon Jun 20 15:29:11 2022",
    "Tue Jun 20 15:29:11 2022",  # wrong day name: DuckDB does not check it
    "mon jun 20 15:29:11 2022",
    "MON JUN 20 15:29:11 2022",
    "Mon Jun  5 15:29:11 2022",
    "Mon Jun 5 5:29:11 2022",
    " Mon Jun 20 15:29:11 2022 ",
    "Mon\tJun 20 15:29:11 2022",
    "Mon Jun 31 15:29:11 2022",
    "Monday Jun 20 15:29:11 2022",
    "Xyz Jun 20 15:29:11 2022",
    "Mon June 20 15:29:11 2022",
    "Mon Jun 20 15:29 2022",
    "Mon Jun 20 15:29:11.5 2022",
    "Mon Jun 20 15:29:11 2022 x",
    "2022-06-20T15:29:11Z",
    "2022-06-20 15:29:11",
    "2022-06-20T15:29:11+02:00",
    "",
    "garbage",
    None,
]


def test_gateway_timestamp_utc(engines: dict[str, object]) -> None:
    build_sql = scalar_macro_case("{{ gateway_timestamp_utc('x') }}", GATEWAY_TIMES)
    duck, spark = both(engines, build_sql)
    assert_same(duck, spark, GATEWAY_TIMES)


OKTA_TARGETS = [
    '{"target":[{"type":"User","displayName":"Ann"},'
    '{"type":"AppInstance","displayName":"ChatGPT Enterprise"},'
    '{"type":"AppInstance","displayName":"second"}]}',
    '{"target":[{"type":"AppInstance","displayName":null}]}',
    '{"target":[{"type":"AppInstance"}]}',
    '{"target":[{"type":"AppInstance","displayName":42}]}',
    '{"target":[{"type":"appinstance","displayName":"case"}]}',
    '{"target":[{"displayName":"no type"},{"type":"AppInstance","displayName":"x\\"y"}]}',
    '{"target":["AppInstance",1,null]}',
    '{"target":[]}',
    '{"target":{"type":"AppInstance","displayName":"object, not array"}}',
    '{"target":null}',
    '{"other":1}',
    None,
]


def test_json_array_find_text(engines: dict[str, object]) -> None:
    call = "{{ json_array_find_text('x', 'target', 'type', 'AppInstance', 'displayName') }}"
    duck, spark = both(engines, scalar_macro_case(call, OKTA_TARGETS))
    assert_same(duck, spark, OKTA_TARGETS)


def test_redacted_tsv_lines(engines: dict[str, object]) -> None:
    """Gateway lines: the redacted `prompt` never reaches an output column, whether
    the line is aligned with its header, short, long, or quoted."""
    secret = "SECRET"
    lines = [
        ("a.tsv", 1, "datetime\tlogin\tPrompt \thost\taction"),
        ("a.tsv", 2, f"t1\tann\t{secret} one\tchatgpt.com\tAllowed"),
        ("a.tsv", 3, f'"t2"\t" bo "\t{secret}\t"a""b"\tBlocked'),
        ("a.tsv", 4, f'"t3\tcy\t{secret}\thost\tx'),
        ("a.tsv", 5, f"t4\tdi\t{secret}\twith\ttab\tAllowed"),
        ("a.tsv", 6, f"t5\t{secret}\thost\tAllowed"),
        ("a.tsv", 7, f"\t \t{secret}\t\u00a0h\u00a0\t"),
        ("a.tsv", 8, f'""\t"\t{secret}\t"\tAllowed'),
        ("b.tsv", 1, "host\taction\tdatetime\tlogin"),
        ("b.tsv", 2, "h\tAllowed\tt9\tev"),
        ("b.tsv", 3, "h\tAllowed\tt9\tev\textra"),
    ]
    columns = ["datetime", "login", "host", "action"]

    def build_sql(engine: str) -> str:
        rows = ", ".join(f"({literal(f, engine)}, {n}, {literal(t, engine)})" for f, n, t in lines)
        fields = ", ".join(as_text(f"parsed_lines.{c}_field") + f" as f_{c}" for c in columns)
        return (
            f"with raw_lines as (select * from (values {rows}) "
            "as t (_source_file, _source_line, raw_line)), "
            "{{ parse_redacted_tsv_lines('raw_lines', redacted_column='prompt', columns="
            + repr(columns)
            + ") }} select parsed_lines._source_file, parsed_lines._source_line, "
            f"{as_text('parsed_lines.is_wellformed')} as ok, "
            f"{as_text('parsed_lines.redacted_line')} as redacted, {fields} from parsed_lines"
        )

    duck, spark = both(engines, build_sql)
    assert duck == spark
    assert len(duck) == len(lines) - 2  # every data line, no header
    assert not any(secret in (value or "") for row in duck for value in row)


def test_string_agg_ordered(engines: dict[str, object]) -> None:
    """A file's lines joined in line order, whatever order Spark collects them in."""
    lines = [("a", 10, "ten"), ("a", 2, "two"), ("a", 7, None), ("a", 1, "one"), ("b", 3, "")]
    lines += [("b", 1, "x"), ("c", 1, None)] + [("d", n, f"l{n}") for n in range(40, 0, -1)]

    def build_sql(engine: str) -> str:
        rows = ", ".join(f"({literal(f, engine)}, {n}, {literal(t, engine)})" for f, n, t in lines)
        joined = "{{ string_agg_ordered('raw_line', \"'|'\", '_source_line') }}"
        return (
            f"with raw_lines as (select * from (values {rows}) "
            "as t (_source_file, _source_line, raw_line)) "
            f"select _source_file, {as_text(joined)} as page from raw_lines group by _source_file"
        )

    duck, spark = both(engines, build_sql)
    assert duck == spark
    assert duck[0] == ("a", "<one|two|ten>")
