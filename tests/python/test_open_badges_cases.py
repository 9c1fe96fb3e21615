"""Open Badges records read end to end, raw line to _row_status, through the
steps of base_open_badges__credentials (__documents, __record_parts,
__record_fields). The cases were the model's unit tests before it was split
(a unit test mocks only direct parents, and the model no longer reads the raw
lines): tests/fixtures/open_badges_cases/open_badges/ holds their lines, one
file per former test, ids prefixed per file so the cases do not meet as
duplicates. They are built on their own, not in the real-exports folder: the
identities in them are made up on purpose and would show in that folder's
identity and revocation assertions.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from certgap_testkit import Build, failure_messages, run_dbt

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# recipient digests of the cases (sha256$ + 64 hex)
HASH_1 = "sha256$A1B2C3D4" + "D4" * 28
HASH_3 = "sha256$" + "f" * 64
HASH_4 = "sha256$0ddba11" + "0" * 57
HASH_AB = "sha256$" + "ab" * 32

# OB 2.0 hashed and unhashed recipients; an OB 3.0 credential whose e-mail
# identifier is not the first; evidence as array, string and object, empty
# or absent; a revoked assertion; a Unix-seconds issuedOn; a badge given
# only by its IRI; offsets converted to UTC.
RECIPIENTS_EVIDENCE_AND_REVOCATION = [
    {
        "_source_file": "open_badges/recipients_a.jsonl",
        "_source_line": 1,
        "ob_version": "2.0",
        "credential_id": "https://badges.acme.example/assertions/1",
        "recipient_identity_type": "email",
        "recipient_identity": HASH_1,
        "recipient_identity_normalized": HASH_1.lower(),
        "recipient_salt": "NaCl",
        "is_recipient_hashed": True,
        "recipient_hash_algorithm": "sha256",
        "achievement_id": "https://badges.acme.example/classes/rai",
        "achievement_name": "Responsible AI Practitioner",
        "achievement_type": None,
        "achievement_criteria_url": "https://badges.acme.example/criteria/rai",
        "issuer_name": "Acme Academy",
        "issued_at": "2026-03-01 08:00:00",
        "expires_at": "2028-03-01 00:00:00",
        "has_evidence": True,
        "is_revoked": False,
        "_reject_reason": None,
        "_row_status": "staged",
    },
    {
        "_source_file": "open_badges/recipients_a.jsonl",
        "_source_line": 2,
        "ob_version": "2.0",
        "credential_id": "urn:uuid:2",
        "recipient_identity_type": "email",
        "recipient_identity": " Jane.Doe@Acme.example",
        "recipient_identity_normalized": "jane.doe@acme.example",
        "recipient_salt": None,
        "is_recipient_hashed": False,
        "recipient_hash_algorithm": None,
        "achievement_id": "https://badges.acme.example/classes/rai",
        "achievement_name": None,
        "achievement_type": None,
        "achievement_criteria_url": None,
        "issuer_name": None,
        "issued_at": "2026-01-01 00:00:00",
        "expires_at": None,
        "has_evidence": True,
        "is_revoked": True,
        "_reject_reason": None,
        "_row_status": "staged",
    },
    {
        "_source_file": "open_badges/recipients_a.jsonl",
        "_source_line": 3,
        "ob_version": "2.0",
        "credential_id": "urn:uuid:3",
        "recipient_identity_type": "email",
        "recipient_identity": HASH_3,
        "recipient_identity_normalized": HASH_3,
        "recipient_salt": "s",
        "is_recipient_hashed": True,
        "recipient_hash_algorithm": "sha256",
        "achievement_id": "https://badges.acme.example/classes/cf",
        "achievement_name": "Copilot Foundations",
        "achievement_type": None,
        "achievement_criteria_url": None,
        "issuer_name": None,
        "issued_at": "2026-03-02 09:00:00",
        "expires_at": None,
        "has_evidence": False,
        "is_revoked": False,
        "_reject_reason": None,
        "_row_status": "staged",
    },
    {
        "_source_file": "open_badges/recipients_a.jsonl",
        "_source_line": 4,
        "ob_version": "3.0",
        "credential_id": "urn:uuid:4",
        "recipient_identity_type": "email",
        "recipient_identity": HASH_4,
        "recipient_identity_normalized": HASH_4,
        "recipient_salt": "pepper",
        "is_recipient_hashed": True,
        "recipient_hash_algorithm": "sha256",
        "achievement_id": "https://badges.acme.example/achievements/pe",
        "achievement_name": "Prompt Engineering",
        "achievement_type": "Certificate",
        "achievement_criteria_url": None,
        "issuer_name": "Acme Academy",
        "issued_at": "2026-04-01 16:00:00",
        "expires_at": "2027-04-01 00:00:00",
        "has_evidence": True,
        "is_revoked": False,
        "_reject_reason": None,
        "_row_status": "staged",
    },
    {
        "_source_file": "open_badges/recipients_a.jsonl",
        "_source_line": 5,
        "ob_version": "3.0",
        "credential_id": "urn:uuid:5",
        "recipient_identity_type": "email",
        "recipient_identity": "Bob@Acme.example",
        "recipient_identity_normalized": "bob@acme.example",
        "recipient_salt": None,
        "is_recipient_hashed": False,
        "recipient_hash_algorithm": None,
        "achievement_id": "https://badges.acme.example/achievements/cf",
        "achievement_name": "Copilot Foundations",
        "achievement_type": "Badge",
        "achievement_criteria_url": None,
        "issuer_name": None,
        "issued_at": "2026-04-02 00:00:00",
        "expires_at": None,
        "has_evidence": False,
        "is_revoked": False,
        "_reject_reason": None,
        "_row_status": "staged",
    },
]

# Each reject reason in its check order (an empty identityHash is a missing
# field), and a credential id seen twice with different content: the copy in
# the newer file is staged and both are flagged as conflicting.
REJECT_REASONS_AND_DUPLICATES = [
    {
        "_source_file": "open_badges/rejects_2026-01.jsonl",
        "_source_line": 1,
        "credential_id": None,
        "_reject_reason": "malformed_json",
        "_row_status": "rejected",
        "has_conflicting_duplicate": False,
    },
    {
        "_source_file": "open_badges/rejects_2026-01.jsonl",
        "_source_line": 2,
        "credential_id": None,
        "_reject_reason": "malformed_json",
        "_row_status": "rejected",
        "has_conflicting_duplicate": False,
    },
    {
        "_source_file": "open_badges/rejects_2026-01.jsonl",
        "_source_line": 3,
        "credential_id": "urn:uuid:reject-3",
        "_reject_reason": "missing_required_field",
        "_row_status": "rejected",
        "has_conflicting_duplicate": False,
    },
    {
        "_source_file": "open_badges/rejects_2026-01.jsonl",
        "_source_line": 4,
        "credential_id": "urn:uuid:reject-4",
        "_reject_reason": "unsupported_credential_type",
        "_row_status": "rejected",
        "has_conflicting_duplicate": False,
    },
    {
        "_source_file": "open_badges/rejects_2026-01.jsonl",
        "_source_line": 5,
        "credential_id": "urn:uuid:reject-5",
        "_reject_reason": "missing_required_field",
        "_row_status": "rejected",
        "has_conflicting_duplicate": False,
    },
    {
        "_source_file": "open_badges/rejects_2026-01.jsonl",
        "_source_line": 6,
        "credential_id": "urn:uuid:reject-6",
        "_reject_reason": "missing_required_field",
        "_row_status": "rejected",
        "has_conflicting_duplicate": False,
    },
    {
        "_source_file": "open_badges/rejects_2026-01.jsonl",
        "_source_line": 7,
        "credential_id": "urn:uuid:reject-7",
        "_reject_reason": "invalid_timestamp",
        "_row_status": "rejected",
        "has_conflicting_duplicate": False,
    },
    {
        "_source_file": "open_badges/rejects_2026-01.jsonl",
        "_source_line": 8,
        "credential_id": "urn:uuid:reject-8",
        "_reject_reason": "invalid_timestamp",
        "_row_status": "rejected",
        "has_conflicting_duplicate": False,
    },
    {
        "_source_file": "open_badges/rejects_2026-01.jsonl",
        "_source_line": 9,
        "credential_id": "urn:uuid:reject-9",
        "_reject_reason": None,
        "_row_status": "duplicate",
        "has_conflicting_duplicate": True,
    },
    {
        "_source_file": "open_badges/rejects_2026-01.jsonl",
        "_source_line": 10,
        "credential_id": "urn:uuid:reject-10",
        "_reject_reason": "missing_required_field",
        "_row_status": "rejected",
        "has_conflicting_duplicate": False,
    },
    {
        "_source_file": "open_badges/rejects_2026-02.jsonl",
        "_source_line": 1,
        "credential_id": "urn:uuid:reject-9",
        "_reject_reason": None,
        "_row_status": "staged",
        "has_conflicting_duplicate": True,
    },
]

# Which identity a record is resolved by: an md5 hash without salt is a
# hashed e-mail; a 3.0 DID subject beside a name identifier is a did, a
# did:key beside an e-mail identifier gives way to the e-mail; a sourcedId
# keeps its type. A hash that is not sha256$ + 64 hex is rejected. A revoked
# hosted assertion's {id, revoked} body and a RevocationList are
# revocations, one without an id is rejected. A 3.0 credentialStatus given
# as a list keeps its first entry.
IDENTIFIER_TYPES_REVOCATIONS_AND_STATUS = [
    {
        "_source_file": "open_badges/identifiers_b.jsonl",
        "_source_line": 1,
        "record_kind": "credential",
        "recipient_identifier_type": "salted_email_hash",
        "recipient_identity_normalized": "md5$cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd",
        "recipient_salt": None,
        "recipient_hash_algorithm": "md5",
        "credential_status_type": None,
        "_reject_reason": None,
        "_row_status": "staged",
    },
    {
        "_source_file": "open_badges/identifiers_b.jsonl",
        "_source_line": 2,
        "record_kind": "credential",
        "recipient_identifier_type": "did",
        "recipient_identity_normalized": "did:example:ebfeb1f712ebc6f1c276e12ec21",
        "recipient_salt": None,
        "recipient_hash_algorithm": None,
        "credential_status_type": "BitstringStatusListEntry",
        "_reject_reason": None,
        "_row_status": "staged",
    },
    {
        "_source_file": "open_badges/identifiers_b.jsonl",
        "_source_line": 3,
        "record_kind": "credential",
        "recipient_identifier_type": "salted_email_hash",
        "recipient_identity_normalized": HASH_AB,
        "recipient_salt": "s",
        "recipient_hash_algorithm": "sha256",
        "credential_status_type": None,
        "_reject_reason": None,
        "_row_status": "staged",
    },
    {
        "_source_file": "open_badges/identifiers_b.jsonl",
        "_source_line": 4,
        "record_kind": "credential",
        "recipient_identifier_type": "sourced_id",
        "recipient_identity_normalized": "ada@acme.example",
        "recipient_salt": None,
        "recipient_hash_algorithm": None,
        "credential_status_type": None,
        "_reject_reason": None,
        "_row_status": "staged",
    },
    {
        "_source_file": "open_badges/identifiers_b.jsonl",
        "_source_line": 5,
        "record_kind": "credential",
        "recipient_identifier_type": "salted_email_hash",
        "recipient_identity_normalized": "sha256$abc",
        "recipient_salt": "s",
        "recipient_hash_algorithm": "sha256",
        "credential_status_type": None,
        "_reject_reason": "invalid_recipient_hash",
        "_row_status": "rejected",
    },
    {
        "_source_file": "open_badges/identifiers_b.jsonl",
        "_source_line": 6,
        "record_kind": "revocation",
        "recipient_identifier_type": None,
        "recipient_identity_normalized": None,
        "recipient_salt": None,
        "recipient_hash_algorithm": None,
        "credential_status_type": None,
        "_reject_reason": None,
        "_row_status": "revocation",
    },
    {
        "_source_file": "open_badges/identifiers_b.jsonl",
        "_source_line": 7,
        "record_kind": "revocation_list",
        "recipient_identifier_type": None,
        "recipient_identity_normalized": None,
        "recipient_salt": None,
        "recipient_hash_algorithm": None,
        "credential_status_type": None,
        "_reject_reason": None,
        "_row_status": "revocation",
    },
    {
        "_source_file": "open_badges/identifiers_b.jsonl",
        "_source_line": 8,
        "record_kind": "revocation",
        "recipient_identifier_type": None,
        "recipient_identity_normalized": None,
        "recipient_salt": None,
        "recipient_hash_algorithm": None,
        "credential_status_type": None,
        "_reject_reason": "missing_required_field",
        "_row_status": "rejected",
    },
]


@pytest.fixture(scope="module")
def cases_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    work = tmp_path_factory.mktemp("open_badges_cases")
    raw_dir = work / "raw"
    shutil.copytree(FIXTURES / "open_badges_cases", raw_dir)
    # the erasure step reads HR's erasure requests
    shutil.copytree(FIXTURES / "real_exports" / "hris", raw_dir / "hris")
    build = Build(raw_dir=raw_dir, db_path=work / "certgap.duckdb", target_path=work / "target")
    result = run_dbt(
        build,
        [
            "build",
            "--select",
            "+base_open_badges__credentials",
            "--exclude-resource-type",
            "test",
            "--exclude-resource-type",
            "unit_test",
        ],
    )
    assert result.success, "dbt build failed:\n" + "\n".join(failure_messages(result))
    return build


def _rows(build: Build, expected: list[dict[str, Any]]) -> list[dict[str, Any]]:
    columns = list(expected[0])
    files = sorted({row["_source_file"] for row in expected})
    rows = build.query(
        f"select {', '.join(columns)} from staging.base_open_badges__credentials "
        f"where _source_file in ({', '.join(repr(f) for f in files)}) "
        "order by _source_file, _source_line"
    )
    return [
        {c: (str(v) if hasattr(v, "isoformat") else v) for c, v in zip(columns, row, strict=True)}
        for row in rows
    ]


@pytest.mark.parametrize(
    "expected",
    [
        RECIPIENTS_EVIDENCE_AND_REVOCATION,
        REJECT_REASONS_AND_DUPLICATES,
        IDENTIFIER_TYPES_REVOCATIONS_AND_STATUS,
    ],
    ids=[
        "recipients_evidence_and_revocation",
        "reject_reasons_and_duplicates",
        "identifier_types_revocations_and_status",
    ],
)
def test_open_badges_records_read_end_to_end(
    cases_build: Build, expected: list[dict[str, Any]]
) -> None:
    want = sorted(expected, key=lambda r: (r["_source_file"], r["_source_line"]))
    assert _rows(cases_build, want) == want
