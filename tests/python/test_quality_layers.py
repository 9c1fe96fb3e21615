"""Nothing is checked twice: no assertion is both a dbt data test and a Great
Expectations expectation (docs/data_quality.md says which layer checks what).

"The same assertion" is the same model, the same kind of check and the same
columns, where the kinds are:

- not_null         dbt `not_null`, a contract's not_null constraint;
                   GX expect_column_values_to_not_be_null
- unique           dbt `unique`, `unique_combination` (the set of columns);
                   GX expect_column_values_to_be_unique, expect_compound_columns_to_be_unique
- accepted_values  dbt `accepted_values`;          GX expect_column_values_to_be_in_set
- row_rule         a rule each row must hold: a range, a comparison of two columns,
                   a value defined only under a condition. dbt `is_rate` (one column)
                   and every clause of an `expression_holds` expression; GX
                   expect_column_values_to_be_between / _to_be_null,
                   expect_column_pair_values_*, with the columns of their row_condition.

An `expression_holds` expression is cut into clauses: its top-level `and`s,
with `G or (A and B)` read as `G or A` and `G or B`. A GX row rule on columns
C duplicates a clause on columns D when C is within D and the rest of D only
guards the rule (a column tested for null, or an is_/has_ flag such as
is_suppressed): `is_suppressed or completer_count <= enrolled_count` is the GX
at_most(completer_count, enrolled_count), which skips the suppressed rows'
nulls.

- cross_model      two or more marts agreeing. dbt: a singular test (tests/marts/),
                   the models it refs and the columns of theirs it names; GX: a
                   cohort_consistency expectation of a cross_mart__ suite, whose
                   columns are named `<mart prefix>_<column>` (CROSS_MART_PREFIXES).
                   The same when the marts are the same and every real column the
                   GX rule compares is named by the singular test.

GX frames that are aggregates or joins carry columns the model does not have
(periods per series, one mart's count next to another's); an expectation on
such a column must be of a family no dbt test states row by row
(GX_ONLY_RULES), so a duplicate cannot hide behind a computed column.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from certgap_testkit import Build, failure_messages, run_dbt

from certgap.validation import cli as validate
from certgap.validation import rules as r
from certgap.validation.suites import Suite

# What only a checkpoint over the whole build can say: a week missing from a
# series, two marts disagreeing, a channel that stopped delivering, an empty table.
GX_ONLY_RULES = {"week_coverage", "cohort_consistency", "freshness", "non_empty"}

ROW_RULE_EXPECTATIONS = {
    "expect_column_values_to_be_between",
    "expect_column_values_to_be_null",
    "expect_column_pair_values_a_to_be_greater_than_b",
    "expect_column_pair_values_to_be_equal",
}
KIND_OF_EXPECTATION = {
    "expect_column_values_to_not_be_null": "not_null",
    "expect_column_values_to_be_unique": "unique",
    "expect_compound_columns_to_be_unique": "unique",
    "expect_column_values_to_be_in_set": "accepted_values",
    **dict.fromkeys(ROW_RULE_EXPECTATIONS, "row_rule"),
}
KIND_OF_DBT_TEST = {
    "not_null": "not_null",
    "unique": "unique",
    "unique_combination": "unique",
    "accepted_values": "accepted_values",
    "is_rate": "row_rule",
}
# How the cross_mart__ frames name a compared column: `<prefix>_<column>`.
CROSS_MART_PREFIXES = {
    "scorecard": "mart_executive_scorecard",
    "adoption": "mart_program_adoption",
    "freshness": "mart_content_freshness",
    "fct": "fct_completions",
    "portfolio": "mart_platform_portfolio",
    "activation": "mart_manager_activation",
    "accountability": "mart_manager_accountability",
    "curve_week_0": "mart_adoption_curve",
    "effect": "mart_training_effect",
}
IDENTIFIER = re.compile(r"\b[a-z_][a-z0-9_]*\b")


@dataclass(frozen=True)
class Assertion:
    model: str
    kind: str
    columns: frozenset[str]
    guards: frozenset[str] = frozenset()  # row_rule only: columns that only guard it
    source: str = ""  # the test or expectation, for the failure message

    def duplicates(self, dbt: Assertion) -> bool:
        """Whether this GX assertion says what the dbt one says."""
        if (self.model, self.kind) != (dbt.model, dbt.kind):
            return False
        if self.kind == "cross_model":  # model: the marts, sorted; columns: model.column
            return self.columns <= dbt.columns
        if self.kind != "row_rule":
            return self.columns == dbt.columns
        return self.columns <= dbt.columns and dbt.columns - self.columns <= dbt.guards


# --- dbt: the generic data tests of the manifest -----------------------------


def _split_top(text: str, word: str) -> list[str]:
    """`text` cut at `word` (and / or) outside parentheses."""
    parts, depth, start = [], 0, 0
    for match in re.finditer(rf"[()]|\b{word}\b", text):
        token = match.group()
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
        elif depth == 0:
            parts.append(text[start : match.start()].strip())
            start = match.end()
    parts.append(text[start:].strip())
    return [part for part in parts if part]


def _unwrap(text: str) -> str | None:
    """The inside of `( ... )` when the parentheses enclose all of `text`."""
    if not (text.startswith("(") and text.endswith(")")):
        return None
    depth = 0
    for i, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and i < len(text) - 1:
            return None
    return text[1:-1].strip()


def clauses(expression: str) -> list[str]:
    """The conjuncts of an expression, with `G or (A and B)` distributed."""
    text = re.sub(r"\{\{.*?\}\}", "0", " ".join(expression.lower().split()))
    # `x between a and b` is one clause, not two
    text = re.sub(r"\bbetween\s+(.+?)\s+and\b", r"between \1 _and_", text)
    found = []
    for conjunct in _split_top(text, "and"):
        inner = _unwrap(conjunct)
        if inner is not None:
            found += clauses(inner)
            continue
        disjuncts = _split_top(conjunct, "or")
        for i, disjunct in enumerate(disjuncts):
            inner = _unwrap(disjunct)
            if inner is not None and len(_split_top(inner, "and")) > 1:
                rest = disjuncts[:i] + disjuncts[i + 1 :]
                found += [
                    clause
                    for part in _split_top(inner, "and")
                    for clause in clauses(" or ".join([*rest, f"({part})"]))
                ]
                break
        else:
            found.append(conjunct)
    return found


def guard_columns(clause: str, columns: frozenset[str]) -> frozenset[str]:
    """Columns that only guard a clause: tested for null, or boolean flags."""
    nulls = set(re.findall(r"\b([a-z_][a-z0-9_]*) is (?:not )?null\b", clause))
    flags = {c for c in columns if c.startswith(("is_", "has_"))}
    return frozenset((nulls | flags) & columns)


def dbt_assertions(manifest: dict[str, Any]) -> Iterator[Assertion]:
    nodes = manifest["nodes"]
    # a contract's constraints are checked by the database at build time
    for node in nodes.values():
        for column in node.get("columns", {}).values() if node["resource_type"] == "model" else ():
            for constraint in column.get("constraints", []):
                kinds = {"not_null": ["not_null"], "unique": ["unique"]}.get(
                    constraint["type"],
                    ["unique", "not_null"] * (constraint["type"] == "primary_key"),
                )
                for kind in kinds:
                    yield Assertion(
                        node["name"], kind, frozenset([column["name"]]), source="constraint"
                    )
    for node in nodes.values():
        if node["resource_type"] != "test":
            continue
        attached = node.get("attached_node")
        if "test_metadata" not in node:  # a singular test: the marts it refs, the columns it names
            refs = [nodes[n] for n in node["depends_on"]["nodes"] if n in nodes]
            used = set(IDENTIFIER.findall(node["raw_code"].lower()))
            named = {f"{r['name']}.{c}" for r in refs for c in r["columns"] if c in used}
            marts = ",".join(sorted(r["name"] for r in refs))
            yield Assertion(marts, "cross_model", frozenset(named), source=node["name"])
            continue
        if not attached:  # a test of a source: GX reads no source
            continue
        model = nodes[attached]["name"]
        model_columns = frozenset(nodes[attached]["columns"])
        name, kwargs = node["test_metadata"]["name"], node["test_metadata"]["kwargs"]
        column = node.get("column_name")
        if name == "expression_holds":
            for clause in clauses(kwargs["expression"]):
                used = frozenset(IDENTIFIER.findall(clause)) & model_columns
                yield Assertion(
                    model, "row_rule", used, guard_columns(clause, used), f"{name}: {clause}"
                )
        elif name == "unique_combination":
            yield Assertion(model, "unique", frozenset(kwargs["columns"]), source=name)
        elif name in KIND_OF_DBT_TEST and column:
            yield Assertion(model, KIND_OF_DBT_TEST[name], frozenset([column]), source=name)


# --- GX: the suites ----------------------------------------------------------


def expectation_columns(expectation: Any) -> frozenset[str]:
    named = [
        getattr(expectation, field, None) for field in ("column", "column_A", "column_B")
    ] + list(getattr(expectation, "column_list", None) or [])
    condition = getattr(expectation, "row_condition", None)
    if condition is not None and not isinstance(condition, str):
        named.append(condition.column.name)
    return frozenset(c for c in named if c)


def cross_mart_column(column: str) -> tuple[str, str] | None:
    """(mart, column) of a cross_mart__ frame's `<prefix>_<column>`."""
    for prefix in sorted(CROSS_MART_PREFIXES, key=len, reverse=True):
        if column.startswith(f"{prefix}_"):
            return CROSS_MART_PREFIXES[prefix], column.removeprefix(f"{prefix}_")
    return None


def gx_assertions(
    suite: Suite, model_columns: dict[str, frozenset[str]]
) -> Iterator[Assertion | str]:
    """The suite's assertions on model columns; a message for an expectation on
    a computed column that is not of a GX-only family."""
    columns = model_columns.get(suite.name)
    for expectation in suite.expectations:
        rule = expectation.meta["rule"]
        used = expectation_columns(expectation)
        source = f"{suite.name}: {expectation.expectation_type}({', '.join(sorted(used))})"
        if rule == "cohort_consistency" and suite.name.startswith("cross_mart__"):
            compared = [cross_mart_column(c) for c in sorted(used)]
            if compared.count(None) == len(compared):  # no comparison: a grain check
                continue
            if None in compared:
                yield f"{source}: a column without a mart prefix ({sorted(CROSS_MART_PREFIXES)})"
                continue
            real = frozenset(
                f"{mart}.{column}"
                for mart, column in compared
                if column in model_columns.get(mart, ())
            )
            marts = ",".join(sorted({mart for mart, _ in compared}))
            yield Assertion(marts, "cross_model", real, source=source)
            continue
        if rule in GX_ONLY_RULES:
            continue
        if columns is None or not used <= columns:
            yield f"{source} [{rule}] is on a computed column but not of {sorted(GX_ONLY_RULES)}"
            continue
        yield Assertion(
            suite.name, KIND_OF_EXPECTATION[expectation.expectation_type], used, source=source
        )


# --- the tests ---------------------------------------------------------------


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("parse")
    build = Build(raw_dir=work / "raw", db_path=work / "certgap.duckdb", target_path=work)
    result = run_dbt(build, ["parse"])
    assert result.success, "\n".join(failure_messages(result))
    return json.loads((work / "manifest.json").read_text())


def test_clauses_cut_an_expression_into_the_rules_it_states() -> None:
    assert clauses("a <= b and (c is null or (c >= 0 and d between 0 and e))") == [
        "a <= b",
        "c is null or (c >= 0)",
        "c is null or (d between 0 _and_ e)",
    ]
    assert clauses("is_suppressed = (n < {{ var('k') }}) and (not x or y)") == [
        "is_suppressed = (n < 0)",
        "not x or y",
    ]


def test_a_guarded_dbt_clause_is_the_same_assertion_as_a_gx_pair_rule() -> None:
    [clause] = clauses("is_suppressed or completer_count <= enrolled_count")
    used = frozenset({"is_suppressed", "completer_count", "enrolled_count"})
    dbt = Assertion("m", "row_rule", used, guard_columns(clause, used))
    gx = Assertion("m", "row_rule", frozenset({"completer_count", "enrolled_count"}))
    assert gx.duplicates(dbt)
    other = Assertion("m", "row_rule", frozenset({"completer_count", "team_size"}))
    assert not other.duplicates(dbt)


def overlaps(manifest: dict[str, Any], suites: list[Suite]) -> tuple[list[str], list[str]]:
    """(expectations that cannot be classified, expectations that repeat dbt)."""
    models = {
        node["name"]: frozenset(node["columns"])
        for node in manifest["nodes"].values()
        if node["resource_type"] in {"model", "seed", "snapshot"}
    }
    dbt = list(dbt_assertions(manifest))
    assert len(dbt) > 200, "the manifest's data tests were not read"
    unclassified, twice = [], []
    for suite in suites:
        for found in gx_assertions(suite, models):
            if isinstance(found, str):
                unclassified.append(found)
                continue
            twice += [
                f"{found.source} [{found.kind}] = dbt {test.source}"
                for test in dbt
                if found.duplicates(test)
            ]
    return unclassified, twice


def test_no_assertion_is_both_a_dbt_test_and_a_gx_expectation(
    manifest: dict[str, Any],
) -> None:
    unclassified, twice = overlaps(manifest, validate.all_suites())
    assert not unclassified, "\n".join(unclassified)
    assert not twice, "checked by dbt and by GX:\n" + "\n".join(twice)


def test_the_check_finds_each_kind_of_repeated_rule(manifest: dict[str, Any]) -> None:
    """The rules GX held before it kept only its own, one per kind."""
    repeated = [
        Suite(
            "mart_manager_accountability",
            "",
            "",
            [
                *r.not_null("manager_person_key", why="contract constraint"),
                *r.rates("wau_90_rate"),
                *r.at_most("completer_count", "enrolled_count", why="guarded by is_suppressed"),
                *r.null_where("completion_rate", r.Column("is_suppressed") == True, why="w"),  # noqa: E712
            ],
        ),
        Suite(
            "cross_mart__cohort_sizes",
            "",
            "",
            r.equal(
                "adoption_completer_count",
                "fct_completer_count",
                why="a singular test",
                rule="cohort_consistency",
            ),
        ),
        Suite("mart_shadow_ai", "", "", r.between("period_count", 1, None, why="computed")),
    ]
    unclassified, twice = overlaps(manifest, repeated)
    assert unclassified == [
        "mart_shadow_ai: expect_column_values_to_be_between(period_count) [range] "
        f"is on a computed column but not of {sorted(GX_ONLY_RULES)}"
    ]
    found = {line.split(" = dbt ")[0] for line in twice}
    assert len(found) == 5, "\n".join(twice)
    assert any("= dbt assert_adoption_completers_match_fct_completions" in t for t in twice)
