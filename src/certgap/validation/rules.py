"""Business-rule vocabulary for the suites: each helper returns GX expectations.

Every expectation carries `meta.rule` (the family of business rule it encodes,
so a failure says which promise broke) and `meta.why` (the reason, shown in
Data Docs next to the expectation).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import great_expectations.expectations as gxe
from great_expectations.expectations.row_conditions import Column, Condition

Expectations = list[gxe.Expectation]


def _described(rule: str, why: str) -> dict[str, Any]:
    """`meta` for the summary and the tests, `notes` for the Data Docs page."""
    return {"meta": {"rule": rule, "why": why}, "notes": why}


def non_empty(why: str) -> Expectations:
    return [gxe.ExpectTableRowCountToBeBetween(min_value=1, **_described("non_empty", why))]


def not_null(*columns: str, why: str, rule: str = "not_null") -> Expectations:
    return [gxe.ExpectColumnValuesToNotBeNull(column=c, **_described(rule, why)) for c in columns]


def rates(
    *columns: str, why: str = "a rate is a share: 0..1 (null when undefined)"
) -> Expectations:
    return [
        gxe.ExpectColumnValuesToBeBetween(
            column=c, min_value=0, max_value=1, **_described("rate", why)
        )
        for c in columns
    ]


def between(
    column: str, low: float | None, high: float | None, *, why: str, rule: str = "range"
) -> Expectations:
    return [
        gxe.ExpectColumnValuesToBeBetween(
            column=column, min_value=low, max_value=high, **_described(rule, why)
        )
    ]


def in_set(column: str, values: Iterable[str], *, why: str) -> Expectations:
    return [
        gxe.ExpectColumnValuesToBeInSet(
            column=column, value_set=sorted(values), **_described("domain", why)
        )
    ]


def at_most(smaller: str, larger: str, *, why: str, rule: str = "bounded_by") -> Expectations:
    """smaller <= larger on every row where both are known."""
    return [
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A=larger,
            column_B=smaller,
            or_equal=True,
            ignore_row_if="either_value_is_missing",
            **_described(rule, why),
        )
    ]


def equal(left: str, right: str, *, why: str, rule: str = "consistency") -> Expectations:
    return [
        gxe.ExpectColumnPairValuesToBeEqual(
            column_A=left,
            column_B=right,
            ignore_row_if="both_values_are_missing",
            **_described(rule, why),
        )
    ]


def null_where(column: str, condition: Condition, *, why: str) -> Expectations:
    """`column` is undefined (null) on the rows matching `condition`."""
    return [
        gxe.ExpectColumnValuesToBeNull(
            column=column, row_condition=condition, **_described("defined_only_where", why)
        )
    ]


def at_least_where(column: str, low: float, condition: Condition, *, why: str) -> Expectations:
    """`column` >= low on the rows matching `condition`."""
    return [
        gxe.ExpectColumnValuesToBeBetween(
            column=column,
            min_value=low,
            row_condition=condition,
            **_described("defined_only_where", why),
        )
    ]


def no_week_holes(count_column: str, span_column: str, *, why: str) -> Expectations:
    """Frames carry, per series, how many periods it has and how many its first..last
    span holds (window functions in the frame's SQL); equal means no hole."""
    return equal(count_column, span_column, why=why, rule="week_coverage")


def is_defined(column: str) -> Condition:
    return Column(column).is_not_null()


def is_false(column: str) -> Condition:
    return Column(column) == False  # noqa: E712 - a GX condition, not a Python comparison


def is_zero(column: str) -> Condition:
    return Column(column) == 0
