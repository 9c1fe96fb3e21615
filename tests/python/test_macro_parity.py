"""Each engine-specific macro gives the same answer on DuckDB and on Spark.

The macros are rendered by dbt itself (`dbt show --inline`) over a table of awkward
inputs, on both targets, and the answers compared. Every answer is turned into text in
SQL ('<value>' or NULL) so that nothing is re-typed on the way to Python.
Marked `spark`; it shares the Spark JVM of the other spark tests.
"""

from __future__ import annotations

import json
import math

import pytest
from certgap_testkit import Build, failure_messages, run_dbt
from spark_testkit import SparkBuild, run_dbt_spark, shared_spark_dir, skip_or_fail_without_spark

pytestmark = pytest.mark.spark

skip_or_fail_without_spark()


# The parsers pass each line's file size and modification time through (read_raw_lines
# adds them for incremental loading); lines given as literals have none.
FILE_COLUMNS = (
    "cast(null as bigint) as _source_file_size, cast(null as bigint) as _source_file_modified_epoch"
)


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
    "20151118T121700Z",
    "20151118T121700+0100",
    "20151118T121700.25-05:30",
    "20151118T121700",
    "20151118T121700-0000",
    "20151318T121700Z",
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
        ("iso_timestamp_is_offset_missing", TIMESTAMP_TEXTS),
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
        (
            "ob_identity_hash_is_valid",
            [
                *("sha256$" + "ab" * 32, "SHA256$" + "AB" * 32, " md5$" + "0f" * 16 + " "),
                *("sha256$" + "ab" * 31, "md5$" + "0f" * 17, "sha1$" + "ab" * 20),
                *("sha256$" + "xy" * 32, "ab" * 32, "md5$", "", None),
            ],
        ),
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


def test_badge_identity_digest(engines: dict[str, object]) -> None:
    values = ["ada@acme.example", "", None]
    calls = [
        "{{ badge_identity_digest(\"'sha256'\", 'x', \"'NaCl'\") }}",
        "{{ badge_identity_digest(\"'md5'\", 'x', \"'NaCl'\") }}",
        "{{ badge_identity_digest(\"'md5'\", 'x', 'null') }}",
        "{{ badge_identity_digest(\"'sha1'\", 'x', 'null') }}",
    ]

    def build_sql(engine: str) -> str:
        answers = ", ".join(f"{as_text(call)} as a{i}" for i, call in enumerate(calls))
        return f"with {inputs_cte(values, engine)} select case_id, {answers} from inputs"

    duck, spark = both(engines, build_sql)
    assert_same(duck, spark, values)


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
            f"with raw_lines as (select *, {FILE_COLUMNS} from (values {rows}) "
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


# xAPI statements (macros/parsing/xapi.sql). Each is one JSON line as an LRS exports it;
# the edge cases are the ones staging must classify alike on both engines.
def statement(**fields: object) -> str:
    body = {
        "id": "s1",
        "actor": {"mbox": "mailto:a@acme.example"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
        "object": {"objectType": "Activity", "id": "https://x.example/a1"},
        "timestamp": "2026-03-12T10:00:00Z",
    }
    body.update(fields)
    return json.dumps(body, separators=(",", ":"))


MEMBERS = [
    {"mbox": "mailto:b@acme.example", "name": "B"},
    {"account": {"homePage": "https://hr.acme.example", "name": "E2"}},
    {"mbox": "mailto:b@acme.example", "name": "B"},
    {"mbox_sha1sum": "ABCDEF0123456789abcdef0123456789abcdef01"},
    {"openid": "https://id.acme.example/u/c"},
    {"name": "No Identifier"},
]
XAPI_STATEMENTS = [
    statement(actor={"objectType": "Agent", "name": "Jane", "mbox": "mailto:Jane@Acme.example"}),
    statement(actor={"mbox_sha1sum": "ABCDEF0123456789abcdef0123456789abcdef01"}),
    statement(actor={"openid": "https://id.acme.example/u/jdoe"}),
    statement(actor={"account": {"homePage": "https://hr.acme.example", "name": "E1"}}),
    statement(actor={"account": {"homePage": "https://hr.acme.example"}}),
    statement(actor={"mbox": " ", "account": {"homePage": "https://h.example", "name": "E3"}}),
    statement(actor={"name": "No Identifier"}),
    # Groups: members listed (repeated, unsorted, one without identifier), anonymous
    # and empty, identified without members, members not an array, odd elements
    statement(actor={"objectType": "Group", "mbox": "mailto:team@acme.example", "member": MEMBERS}),
    statement(actor={"objectType": "Group", "name": "Anonymous", "member": []}),
    statement(actor={"objectType": "Group", "name": "Team", "mbox": "mailto:t@acme.example"}),
    statement(actor={"objectType": "Group", "member": {"mbox": "mailto:b@acme.example"}}),
    statement(actor={"objectType": "Group", "member": [None, "str", 1.5, {"mbox": "mailto:z@x"}]}),
    statement(actor="not an object"),
    statement(actor=[{"mbox": "mailto:a@acme.example"}]),
    # voiding, and objects that are not Activities
    statement(
        verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
        object={"objectType": "StatementRef", "id": "S1"},
    ),
    statement(object={"objectType": "Agent", "mbox": "mailto:b@acme.example"}),
    statement(object={"id": "https://x.example/a2", "definition": {"type": "https://t.example"}}),
    # result and context as exported, and as they should not be
    statement(
        result={"completion": True, "success": False, "score": {"scaled": 0.85}},
        context={
            "registration": "9c0b6a7e-0000-4000-8000-000000000001",
            "contextActivities": {
                "parent": [{"id": "https://x.example/course"}, {"id": "https://x.example/2"}],
                "grouping": {"id": "https://x.example/program"},
            },
        },
    ),
    statement(
        result={"completion": "true", "success": "maybe", "score": {"scaled": "0.85"}},
        context={"contextActivities": {"parent": '{"id":"x"}', "grouping": [None, {"id": "y"}]}},
    ),
    statement(result={"completion": 1, "score": {"scaled": -0.0}, "duration": "PT1H2M3.5S"}),
    statement(result={"score": {"scaled": {"raw": 5}}, "duration": 3600}),
    statement(context={"contextActivities": {"parent": [], "grouping": [{"id": {"a": 1}}]}}),
    # JSON oddities: numbers and objects where text is expected, escapes, a repeated key
    statement(id=12, verb={"id": 1.5}, object={"id": {"k": [1, "two"]}}),
    statement(id='caf\u00e9 "q" \\ \t', actor={"mbox": "mailto:\u00e9@x.example"}),
    '{"id":"first","id":"second","actor":{"mbox":"mailto:a@x","mbox":"mailto:b@x"}}',
]
# Lists print differently per engine ([a, b] vs ['a', 'b']): compare them joined.
LIST_JOINED = "{{ 'array_to_string' if target.type == 'duckdb' else 'array_join' }}(LIST, '|')"
XAPI_FIELDS = {
    "id": "stmts.xapi.id",
    "object_type": "stmts.xapi.actor.objecttype",
    "ifi_type": "{{ xapi_ifi_type('stmts.xapi.actor') }}",
    "ifi_value": "{{ xapi_ifi_value('stmts.xapi.actor') }}",
    "name": "stmts.xapi.actor.name",
    "member_count": "{{ xapi_member_count('stmts.xapi.actor') }}",
    "without_ifi": "{{ xapi_actors_without_ifi(xapi_actors('stmts.xapi.actor')) }}",
    "verb": "stmts.xapi.verb.id",
    "object": "stmts.xapi.object.objecttype || '|' || stmts.xapi.object.id",
    "activity_type": "stmts.xapi.object.definition.type",
    "parent": LIST_JOINED.replace(
        "LIST", "{{ xapi_activity_ids('stmts.xapi.context.contextactivities.parent') }}"
    ),
    "grouping": LIST_JOINED.replace(
        "LIST", "{{ xapi_activity_ids('stmts.xapi.context.contextactivities.grouping') }}"
    ),
    "registration": "stmts.xapi.context.registration",
    "result": "stmts.xapi.result.completion || '|' || stmts.xapi.result.success",
    "score": "stmts.xapi.result.score.scaled",
    "duration": "stmts.xapi.result.duration",
    "timestamp": "stmts.xapi.timestamp",
}


def xapi_statements_cte(engine: str) -> str:
    # as in base_lrs__statements: only valid JSON objects are parsed (DuckDB raises otherwise)
    return (
        f"{inputs_cte(XAPI_STATEMENTS, engine)}, stmts as (select case_id, "
        "case when {{ json_is_valid('x') }} then {{ xapi_statement('x') }} end as xapi "
        "from inputs)"
    )


def test_xapi_statement_fields(engines: dict[str, object]) -> None:
    def build_sql(engine: str) -> str:
        answers = ", ".join(f"{as_text(expr)} as {name}" for name, expr in XAPI_FIELDS.items())
        return f"with {xapi_statements_cte(engine)} select case_id, {answers} from stmts"

    duck, spark = both(engines, build_sql)
    assert_same(duck, spark, XAPI_STATEMENTS)
    by_case = {int(float(row[0])): dict(zip(XAPI_FIELDS, row[1:], strict=True)) for row in duck}
    group = by_case[7]
    assert (group["ifi_value"], group["member_count"], group["without_ifi"]) == (
        "<mailto:team@acme.example>",
        "<6>",
        "<1>",
    )
    # every parent / grouping activity, sorted, not only the first
    assert by_case[17]["parent"] == "<https://x.example/2|https://x.example/course>"
    assert by_case[17]["grouping"] == "<https://x.example/program>"
    # a JSON string is not read as the JSON it spells; a null element is no id
    assert by_case[18]["parent"] == "<>" and by_case[18]["grouping"] == "<y>"
    assert by_case[24]["id"] == "<first>" and by_case[24]["ifi_value"] == "<mailto:a@x>"


ACTOR_FIELDS = [
    "actor_ifi_type",
    "actor_ifi_value",
    "actor_mbox",
    "actor_mbox_sha1sum",
    "actor_openid",
    "actor_account_home_page",
    "actor_account_name",
    "actor_name",
    "is_group_member",
]


def test_xapi_actors_in_order(engines: dict[str, object]) -> None:
    """The actors list, element by element with its position: same members, same
    order (DuckDB's list_sort puts a null field last), on both engines."""
    positions = {  # list position of each element: engine-specific, so kept in the test
        "duckdb": "select case_id, unnest(actors) as actor, "
        "generate_subscripts(actors, 1) as position from actor_lists",
        "spark": "select case_id, actor, position + 1 as position from actor_lists "
        "lateral view posexplode(actors) exploded as position, actor",
    }

    def build_sql(engine: str) -> str:
        fields = ", ".join(as_text(f"elements.actor.{f}") for f in ACTOR_FIELDS)
        return (
            f"with {xapi_statements_cte(engine)}, actor_lists as (select case_id, "
            "{{ xapi_actors('stmts.xapi.actor') }} as actors from stmts), "
            f"elements as ({positions[engine]}) "
            f"select case_id, position, {fields} from elements"
        )

    duck, spark = both(engines, build_sql)
    assert duck == spark
    group = sorted((int(float(row[1])), row[2], row[-2]) for row in duck if int(float(row[0])) == 7)
    assert group == [
        (1, "<account>", None),
        (2, "<mbox>", "<B>"),
        (3, "<mbox_sha1sum>", None),
        (4, "<openid>", None),
        (5, None, "<No Identifier>"),
    ]
    assert {row[-1] for row in duck if int(float(row[0])) == 7} == {"<true>"}


def test_xapi_actor_rows(engines: dict[str, object]) -> None:
    def build_sql(engine: str) -> str:
        return (
            f"with {xapi_statements_cte(engine)}, actor_lists as (select case_id, "
            "{{ xapi_actors('stmts.xapi.actor') }} as actors from stmts) "
            # coalesced: show() sorts the rows, and None does not sort with text
            "select actor_lists.case_id, "
            f"coalesce({as_text('people.actor.actor_ifi_value')}, 'none') as ifi "
            "from actor_lists {{ xapi_actor_rows('actor_lists.actors', 'people') }}"
        )

    duck, spark = both(engines, build_sql)
    assert duck == spark
    # one row per statement, but five for group 7 and two for group 11 (whose
    # null, string and number members are one and the same unidentified member)
    assert len(duck) == len(XAPI_STATEMENTS) + 4 + 1


DURATIONS = {
    "PT1H2M3.5S": 3723.5,
    "P1DT2H": 93600.0,
    "P2W": 1209600.0,
    "P1Y2M3W4DT5H6M7.25S": 31557600 + 2 * 2592000 + 3 * 604800 + 4 * 86400 + 18367.25,
    "PT0,5S": 0.5,
    "P0.5Y": 15778800.0,
    "PT0S": 0.0,
    "PT99999999999999999999S": 1e20,
}
BAD_DURATIONS = ["P", "PT", "P1DT", "PT1HT1M", "P1H", "PT1D", "P1Y2Y", "PT1M1M", "1 hour"]
BAD_DURATIONS += ["pt1h", " PT1H", "-PT1H", "PT1.S", "PT.5S", "P1DT2H3", "PT1H ", "", None]
JSON_NUMBERS = {"0.85": 0.85, "-0.0": -0.0, "1": 1.0, "1.0E-7": 1e-7, "1e-07": 1e-7}
JSON_NUMBERS |= {"1.7976931348623157E308": 1.7976931348623157e308, "-1e+16": -1e16}
BAD_JSON_NUMBERS = ["1e400", '"Infinity"', "NaN", "Infinity", "1.5d", "1_0", "0x10", "+1"]
BAD_JSON_NUMBERS += [" 0.5", ".5", "5.", "high", "", None]


@pytest.mark.parametrize(
    ("macro", "good", "bad"),
    [
        ("iso_duration_seconds", DURATIONS, BAD_DURATIONS),
        ("xapi_number", JSON_NUMBERS, BAD_JSON_NUMBERS),
    ],
)
def test_xapi_numbers(
    engines: dict[str, object], macro: str, good: dict[str, float], bad: list[str | None]
) -> None:
    """Doubles compared as numbers, read back from text: the engines print them
    differently, and dbt show cannot print 1.8e308 as a number."""
    values = [*good, *bad]
    call = "{{ " + macro + "('x') }}"

    def build_sql(engine: str) -> str:
        answer = f"{as_text(call)} as answer"
        return f"with {inputs_cte(values, engine)} select case_id, {answer} from inputs"

    duck, spark = both(engines, build_sql)
    for engine, rows in (("DuckDB", duck), ("Spark", spark)):
        answers = {values[int(float(case_id))]: answer for case_id, answer in rows}
        for text, expected in good.items():
            assert answers[text] is not None, (engine, text)
            answer = float(answers[text].strip("<>"))
            assert math.isclose(answer, expected, rel_tol=1e-15), (engine, text)
        assert {text: answers[text] for text in bad} == dict.fromkeys(bad), engine


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
            f"with raw_lines as (select *, {FILE_COLUMNS} from (values {rows}) "
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
