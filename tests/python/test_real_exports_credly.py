"""Credly issued-badge API pages (GET /v1/organizations/{id}/badges: `data[]`
of issued badges, `metadata` with the paging), read end to end from the raw
files in tests/fixtures/real_exports/credly/: the page, element and issuer
steps of base_credly__issued_badges together (formerly its unit test, which
read the same lines)."""

from __future__ import annotations

from typing import Any

from conftest import RealExportsBuild

# 2026-03-01_page_1: a page spread over several lines is joined back and each
# data[] element is a record at its position; the primary issuer entity
# names the issuer, a flat issuer object works too; a 'Learning' template is
# not assessment-backed, a missing category is; an element missing
# recipient_email is a missing field; a non-object element is
# malformed_json, and so is the truncated 2026-03-01_page_2 (the file, at
# position 0); a bad expires_at is an invalid timestamp; a badge repeated on
# the newer 2026-03-02_page_1 is staged from there.
PAGES = [
    {
        "_source_file": "credly/2026-03-01_page_1.json",
        "_source_line": 1,
        "badge_id": "b1",
        "recipient_email": " Jane.Doe@Acme.example",
        "recipient_email_normalized": "jane.doe@acme.example",
        "badge_template_id": "t1",
        "badge_template_type_category": "Certification",
        "issuer_id": "o1",
        "issuer_name": "Microsoft",
        "issued_at": "2026-03-01 14:00:00",
        "expires_at": None,
        "is_assessment_backed": True,
        "_reject_reason": None,
        "_row_status": "staged",
    },
    {
        "_source_file": "credly/2026-03-01_page_1.json",
        "_source_line": 2,
        "badge_id": "b2",
        "recipient_email": None,
        "recipient_email_normalized": None,
        "badge_template_id": "t1",
        "badge_template_type_category": "Certification",
        "issuer_id": None,
        "issuer_name": "Microsoft",
        "issued_at": "2026-03-02 09:00:00",
        "expires_at": None,
        "is_assessment_backed": True,
        "_reject_reason": "missing_required_field",
        "_row_status": "rejected",
    },
    {
        "_source_file": "credly/2026-03-01_page_1.json",
        "_source_line": 3,
        "badge_id": None,
        "recipient_email": None,
        "recipient_email_normalized": None,
        "badge_template_id": None,
        "badge_template_type_category": None,
        "issuer_id": None,
        "issuer_name": None,
        "issued_at": None,
        "expires_at": None,
        "is_assessment_backed": True,
        "_reject_reason": "malformed_json",
        "_row_status": "rejected",
    },
    {
        "_source_file": "credly/2026-03-01_page_1.json",
        "_source_line": 4,
        "badge_id": "b3",
        "recipient_email": "b@acme.example",
        "recipient_email_normalized": "b@acme.example",
        "badge_template_id": "t2",
        "badge_template_type_category": None,
        "issuer_id": None,
        "issuer_name": "Google Cloud",
        "issued_at": "2026-03-03 00:00:00",
        "expires_at": None,
        "is_assessment_backed": True,
        "_reject_reason": "invalid_timestamp",
        "_row_status": "rejected",
    },
    {
        "_source_file": "credly/2026-03-01_page_1.json",
        "_source_line": 5,
        "badge_id": "b4",
        "recipient_email": "c@acme.example",
        "recipient_email_normalized": "c@acme.example",
        "badge_template_id": "t3",
        "badge_template_type_category": "Learning",
        "issuer_id": None,
        "issuer_name": "Salesforce",
        "issued_at": "2026-03-04 00:00:00",
        "expires_at": None,
        "is_assessment_backed": False,
        "_reject_reason": None,
        "_row_status": "duplicate",
    },
    {
        "_source_file": "credly/2026-03-01_page_2.json",
        "_source_line": 0,
        "badge_id": None,
        "recipient_email": None,
        "recipient_email_normalized": None,
        "badge_template_id": None,
        "badge_template_type_category": None,
        "issuer_id": None,
        "issuer_name": None,
        "issued_at": None,
        "expires_at": None,
        "is_assessment_backed": True,
        "_reject_reason": "malformed_json",
        "_row_status": "rejected",
    },
    {
        "_source_file": "credly/2026-03-02_page_1.json",
        "_source_line": 1,
        "badge_id": "b4",
        "recipient_email": "c@acme.example",
        "recipient_email_normalized": "c@acme.example",
        "badge_template_id": "t3",
        "badge_template_type_category": "Learning",
        "issuer_id": None,
        "issuer_name": "Salesforce",
        "issued_at": "2026-03-04 00:00:00",
        "expires_at": None,
        "is_assessment_backed": False,
        "_reject_reason": None,
        "_row_status": "staged",
    },
]


def _rows(real_exports: RealExportsBuild, expected: list[dict[str, Any]]) -> list[dict]:
    columns = list(expected[0])
    rows = real_exports.build.query(
        f"select {', '.join(columns)} from staging.base_credly__issued_badges "
        "order by _source_file, _source_line"
    )
    return [
        {c: (str(v) if hasattr(v, "isoformat") else v) for c, v in zip(columns, row, strict=True)}
        for row in rows
    ]


def test_credly_pages_are_read_as_the_api_sends_them(real_exports: RealExportsBuild) -> None:
    want = sorted(PAGES, key=lambda r: (r["_source_file"], r["_source_line"]))
    assert _rows(real_exports, want) == want
