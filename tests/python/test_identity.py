"""Identity resolution agrees with the people the generator planted.

truth.json counts identifiers over everything a source file holds, but
staging keeps only what is in scope (Okta: AI-app SSO; proxy: AI hosts), and
Credly's issuer_earner_id is not used as an identifier. So the match rate is
compared on the identifiers staging actually saw: for each of them the
generator's `_truth/identities.csv` says who it really is (or that it is
unmatchable or ambiguous), and the warehouse must agree.
"""

from __future__ import annotations

import csv
from collections import defaultdict

import pytest
from certgap_testkit import Build

MATCH_RATE_TOLERANCE = 0.005  # the 0.5 percentage points


def _normalize(identifier: str) -> str:
    value = identifier.strip().lower()
    return value.removeprefix("mailto:")


def _truth_by_source(build: Build) -> dict[str, dict[str, tuple[str, str]]]:
    """source -> normalized identifier -> (status, employee_id)."""
    truth: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
    with (build.raw_dir / "_truth" / "identities.csv").open(newline="") as handle:
        for row in csv.DictReader(handle):
            truth[row["source"]][_normalize(row["identifier"])] = (
                row["status"],
                row["employee_id"],
            )
    return truth


def _resolved(build: Build) -> dict[tuple[str, str], set[str]]:
    """(source, normalized identifier) -> the employees the warehouse gave it."""
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for source, identifier, employee_id in build.query(
        "select source_system, identifier, employee_id from intermediate.int_identities_resolved"
    ):
        found[(source, _normalize(identifier))].add(employee_id)
    return found


def test_no_identifier_is_matched_to_two_people(built_sample: Build) -> None:
    doubles = built_sample.query(
        """
        select source_system, identifier_type, identifier, count(distinct employee_id)
        from intermediate.int_identities_resolved
        group by 1, 2, 3
        having count(distinct employee_id) > 1
        """
    )
    assert doubles == []


def test_every_staged_identifier_resolves_as_planted(built_sample: Build) -> None:
    truth = _truth_by_source(built_sample)
    resolved = _resolved(built_sample)
    observed = built_sample.query(
        "select distinct source_system, identifier from intermediate.int_identifiers_observed"
    )
    disagreements = []
    compared = 0
    for source, identifier in observed:
        key = _normalize(identifier)
        if key not in truth[source]:
            continue
        compared += 1
        status, employee_id = truth[source][key]
        got = resolved.get((source, key), set())
        expected = {employee_id} if status == "matched" else set()
        if got != expected:
            disagreements.append((source, identifier, status, employee_id, sorted(got)))
    assert compared > 1000
    assert disagreements == []


@pytest.mark.parametrize(
    "source",
    [
        "lrs",
        "coursera",
        "udemy",
        "linkedin_learning",
        "degreed",
        "open_badges",
        "credly",
        "m365_copilot",
        "ai_activity",
        "okta",
        "proxy",
        "identity_crosswalk",
        "ai_seats",
    ],
)
def test_match_rate_equals_truth_on_the_identifiers_staged(
    built_sample: Build, source: str
) -> None:
    truth = _truth_by_source(built_sample)[source]
    observed = [
        _normalize(identifier)
        for (identifier,) in built_sample.query(
            "select distinct identifier from intermediate.int_identifiers_observed "
            f"where source_system = '{source}'"
        )
    ]
    planted = [truth[key][0] for key in observed if key in truth]
    assert planted, f"no staged {source} identifier is in the generator's truth"
    truth_rate = sum(status == "matched" for status in planted) / len(planted)
    measured = built_sample.scalar(
        "select match_rate from intermediate.audit_identity_match_rates "
        f"where source_system = '{source}'"
    )
    assert measured == pytest.approx(truth_rate, abs=MATCH_RATE_TOLERANCE)


def test_lms_accounts_resolve_as_their_home_page_declares(built_sample: Build) -> None:
    """Moodle user ids reach people only through the crosswalk; Acme's LMS names
    carry employee ids. Both kinds are in the sample and resolve."""
    rules = dict(
        built_sample.query(
            """
            select
                case
                    when identifier like 'https://moodle.acme.example|%' then 'moodle'
                    when identifier like 'https://lms.acme.example|%' then 'acme_lms'
                end,
                string_agg(distinct match_rule, ',' order by match_rule)
            from intermediate.int_identities_resolved
            where source_system = 'lrs' and identifier_type = 'xapi_account'
            group by 1
            """
        )
    )
    assert rules == {
        "moodle": "crosswalk_employee_id,crosswalk_work_email",
        "acme_lms": "employee_id",
    }
