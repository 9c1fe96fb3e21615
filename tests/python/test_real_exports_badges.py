"""Open Badges records in the shapes of the OB 2.0 and 3.0 specifications.

tests/fixtures/real_exports/open_badges/: badges_2026-01.jsonl holds 2.0
hosted Assertions (salted and unsalted sha256 and md5 recipients, a plain
e-mail, a telephone) and 3.0 OpenBadgeCredentials (a DID subject, hashed and
plain e-mail identifiers, a sourcedId), then broken records;
badges_2026-02.jsonl holds 2.0 revocations (revoked hosted assertions' 410
bodies and a RevocationList). The e-mails are those of hris/workers_2026-01.csv.
"""

from __future__ import annotations

import pytest
from conftest import RealExportsBuild

JAN = "open_badges/badges_2026-01.jsonl"
FEB = "open_badges/badges_2026-02.jsonl"
ASSERTION = "https://badges.acme.example/assertions/"
DID_SUBJECT = "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002"
HASHED_IDENTIFIER = "urn:uuid:a63a60be-f4af-491c-87fc-2c8fd3007a58"
PLAIN_IDENTIFIER = "urn:uuid:2b2a3ab0-5d5d-4b0e-9f25-2d2a1a6e2f11"
SOURCED_ID = "urn:uuid:c1f5e0a4-7e0b-4a57-a0a9-4f3c2b9d8e01"

# line -> (status, reject reason, identifier type)
EXPECTED_RECORDS = {
    (JAN, 1): ("staged", None, "salted_email_hash"),  # 2.0 sha256, salt "deadsea"
    (JAN, 2): ("staged", None, "salted_email_hash"),  # 2.0 sha256, no salt
    (JAN, 3): ("staged", None, "salted_email_hash"),  # 2.0 md5, salted
    (JAN, 4): ("staged", None, "salted_email_hash"),  # 2.0 md5, no salt
    (JAN, 5): ("staged", None, "email_address"),  # 2.0 unhashed e-mail
    (JAN, 6): ("staged", None, "salted_email_hash"),  # revoked by FEB 1
    (JAN, 7): ("staged", None, "salted_email_hash"),  # upper-case hex, revoked by FEB 3
    (JAN, 8): ("staged", None, "salted_email_hash"),  # hash of an address HR lacks
    (JAN, 9): ("staged", None, "telephone"),
    (JAN, 10): ("staged", None, "did"),  # 3.0 credentialSubject.id did:example
    (JAN, 11): ("staged", None, "salted_email_hash"),  # 3.0 hashed emailAddress
    (JAN, 12): ("staged", None, "email_address"),  # 3.0 plain emailAddress beside a did:key
    (JAN, 13): ("staged", None, "sourced_id"),  # 3.0 sourcedId holding an e-mail
    (JAN, 14): ("rejected", "invalid_recipient_hash", None),  # sha1$
    (JAN, 15): ("rejected", "invalid_recipient_hash", None),  # truncated digest
    (JAN, 16): ("rejected", "missing_required_field", None),  # no recipient
    (JAN, 17): ("rejected", "invalid_recipient_hash", None),  # hashed, no algorithm prefix
    (FEB, 1): ("revocation", None, None),  # {id, revoked: true, revocationReason}
    (FEB, 2): ("revocation", None, None),  # the same, for an assertion never exported
    (FEB, 3): ("revocation", None, None),  # RevocationList
    (FEB, 4): ("rejected", "missing_required_field", None),  # {"revoked": true}, no id
}

# credential id -> (employee matched, is_revoked)
EXPECTED_AWARDS = {
    ASSERTION + "ob2-sha256-salted": ("1", False),
    ASSERTION + "ob2-sha256-unsalted": ("2", False),
    ASSERTION + "ob2-md5-salted": ("3", False),
    ASSERTION + "ob2-md5-unsalted": ("4", False),
    ASSERTION + "ob2-plain-email": ("5", False),
    ASSERTION + "ob2-revoked-by-document": ("6", True),
    ASSERTION + "ob2-revoked-by-list": ("7", True),
    HASHED_IDENTIFIER: ("8", False),
    PLAIN_IDENTIFIER: ("1001", False),
}


def _open_badges_records(real_exports: RealExportsBuild) -> dict[tuple[str, int], tuple]:
    rows = real_exports.build.query(
        "select _source_file, _source_line, _row_status, _reject_reason, "
        "case when _row_status = 'staged' then recipient_identifier_type end "
        "from staging.base_open_badges__credentials"
    )
    return {(r[0], r[1]): r[2:] for r in rows}


def test_each_record_is_staged_rejected_or_a_revocation(real_exports: RealExportsBuild) -> None:
    assert _open_badges_records(real_exports) == EXPECTED_RECORDS


def test_rejects_name_file_line_and_reason(real_exports: RealExportsBuild) -> None:
    rows = real_exports.build.query(
        "select _source_file, _source_line, _reject_reason, _raw_text "
        "from staging.stg_open_badges__credentials_rejected"
    )
    got = {(r[0], r[1]): r[2] for r in rows}
    expected = {k: v[1] for k, v in EXPECTED_RECORDS.items() if v[0] == "rejected"}
    assert got == expected
    assert all(r[3] for r in rows), "a rejected record keeps its raw text"


@pytest.mark.parametrize(("credential_id", "expected"), sorted(EXPECTED_AWARDS.items()))
def test_award_is_matched_to_its_employee(
    real_exports: RealExportsBuild, credential_id: str, expected: tuple[str, bool]
) -> None:
    rows = real_exports.build.query(
        "select employee_id, is_revoked from intermediate.int_credentials_awarded "
        f"where credential_source = 'open_badges' and credential_id = '{credential_id}'"
    )
    assert rows == [expected]


def test_no_other_award_is_credited_to_anyone(real_exports: RealExportsBuild) -> None:
    rows = real_exports.build.query(
        "select credential_id from intermediate.int_credentials_awarded "
        "where credential_source = 'open_badges'"
    )
    assert sorted(r[0] for r in rows) == sorted(EXPECTED_AWARDS)


def test_unsalted_and_md5_hashes_resolve_by_the_badge_hash_rule(
    real_exports: RealExportsBuild,
) -> None:
    rows = real_exports.build.query(
        "select split_part(identifier, '$', 1), salt, employee_id, match_rule "
        "from intermediate.int_identities_resolved "
        "where source_system = 'open_badges' and identifier_type = 'salted_email_hash'"
    )
    assert sorted(rows, key=repr) == sorted(
        [
            ("sha256", "deadsea", "1", "badge_hashed_email"),
            ("sha256", None, "2", "badge_hashed_email"),
            ("md5", "s4lt", "3", "badge_hashed_email"),
            ("md5", None, "4", "badge_hashed_email"),
            ("sha256", "pepper", "6", "badge_hashed_email"),
            ("sha256", "NaCl", "7", "badge_hashed_email"),
            ("sha256", "6800b252df744e47", "8", "badge_hashed_email"),
        ],
        key=repr,
    )


def test_non_email_subjects_are_audited_with_their_own_type(
    real_exports: RealExportsBuild,
) -> None:
    rows = real_exports.build.query(
        "select identifier_type, identifier, reason "
        "from intermediate.audit_identity_unmatched where source_system = 'open_badges'"
    )
    assert sorted(r for r in rows if r[0] != "salted_email_hash") == [
        ("did", "did:example:ebfeb1f712ebc6f1c276e12ec21", "unmatchable_type"),
        # an e-mail in a sourcedId is not an e-mail identity: never matched
        ("sourced_id", "grace.hopper@acme.example", "unmatchable_type"),
        ("telephone", "+15555550123", "unmatchable_type"),
    ]
    unknown_hash = [r for r in rows if r[0] == "salted_email_hash"]
    assert [r[2] for r in unknown_hash] == ["no_match"]


def test_revocations_mark_the_assertion_they_name(real_exports: RealExportsBuild) -> None:
    rows = real_exports.build.query(
        "select credential_id, revocation_source, revocation_reason "
        "from staging.stg_open_badges__credentials where is_revoked"
    )
    assert sorted(rows) == [
        (ASSERTION + "ob2-revoked-by-document", "revocation_document", "Issued in error"),
        (ASSERTION + "ob2-revoked-by-list", "revocation_list", "Exam retaken"),
    ]


def test_revocations_of_unknown_assertions_stay_visible(real_exports: RealExportsBuild) -> None:
    rows = real_exports.build.query(
        "select revoked_credential_id, revocation_source, is_credential_staged "
        "from staging.stg_open_badges__revocations"
    )
    assert sorted(rows) == [
        (ASSERTION + "ob2-never-exported", "revocation_document", False),
        (ASSERTION + "ob2-revoked-by-document", "revocation_document", True),
        (ASSERTION + "ob2-revoked-by-list", "revocation_list", True),
        ("urn:uuid:52e4c6b3-1e5b-4d5f-9c2f-0c1f2e3d4a5b", "revocation_list", False),
    ]


def test_revoked_awards_make_no_holder(real_exports: RealExportsBuild) -> None:
    holders = real_exports.build.query(
        "select employee_id from intermediate.int_credential_holders "
        "where credential_name = 'Copilot Foundations'"
    )
    assert sorted(r[0] for r in holders) == ["1", "1001", "2", "3", "4", "5", "8"]


def test_ob3_credential_status_is_kept(real_exports: RealExportsBuild) -> None:
    rows = real_exports.build.query(
        "select credential_id, credential_status_type, credential_status_id, "
        "credential_status_purpose, credential_status_list_url, credential_status_list_index "
        "from staging.stg_open_badges__credentials where credential_status_type is not null"
    )
    assert sorted(rows) == [
        (
            DID_SUBJECT,
            "1EdTechRevocationList",
            "https://badges.acme.example/revocations/565049",
            None,
            None,
            None,
        ),
        (
            HASHED_IDENTIFIER,
            "StatusList2021Entry",
            "https://badges.acme.example/status/3#94567",
            "revocation",
            "https://badges.acme.example/status/3",
            "94567",
        ),
    ]


def test_a_badge_given_by_its_iri_takes_the_embedded_badge_class_name(
    real_exports: RealExportsBuild,
) -> None:
    name = real_exports.build.scalar(
        "select achievement_name from staging.stg_open_badges__credentials "
        f"where credential_id = '{ASSERTION}ob2-sha256-unsalted'"
    )
    assert name == "Copilot Foundations"
