"""int_badge_hashes_matched finds what hashing every pair finds (issue #16).

The model hashes each salted badge first with the e-mails of its likely
holders (learners of its program around the issue day) and with every known
e-mail only if none matched. Here the built sample's table is compared with
the brute force the model replaced: every known e-mail hashed with every
badge's algorithm and salt, written independently of the model.
"""

from __future__ import annotations

from certgap_testkit import Build

TABLE = "intermediate.int_badge_hashes_matched"

BRUTE_FORCE = """
with emails as (
    select distinct identifier as email
    from intermediate.int_person_identifiers
    where identifier_type = 'email_address'
),
badges as (
    select distinct identifier, salt
    from intermediate.int_identifiers_observed
    where identifier_type = 'salted_email_hash'
),
matches as (
    select badges.identifier, badges.salt, emails.email
    from badges cross join emails
    where badges.identifier = case
        when badges.identifier like 'sha256$%'
            then 'sha256$' || sha256(emails.email || coalesce(badges.salt, ''))
        when badges.identifier like 'md5$%'
            then 'md5$' || md5(emails.email || coalesce(badges.salt, ''))
    end
)
select * from matches
union all
select identifier, salt, null from badges
where (identifier, coalesce(salt, '')) not in
    (select (identifier, coalesce(salt, '')) from matches)
union all
select null, null, email from emails
where email not in (select email from matches)
"""

# badges no likely holder can match: their achievement is no program's
# credential, so only the second pass over every e-mail finds them
OUTSIDE_PROGRAMS = f"""
select count(distinct {TABLE}.identifier)
from {TABLE}
inner join staging.stg_open_badges__credentials as badges
    on {TABLE}.identifier = badges.recipient_identity_normalized
where {TABLE}.email is not null
    and badges.recipient_salt is not null
    and coalesce(badges.achievement_name, badges.achievement_id)
        not in (select credential_name from seeds.programs
                where credential_name is not null)
"""


def test_two_passes_find_what_hashing_every_pair_finds(built_sample: Build) -> None:
    got = sorted(built_sample.query(f"select * from {TABLE}"), key=repr)
    expected = sorted(built_sample.query(BRUTE_FORCE), key=repr)
    assert got == expected
    matched = [r for r in got if r[0] is not None and r[2] is not None]
    assert len(matched) >= 20, "the sample should have badges that match an e-mail"
    assert built_sample.query(OUTSIDE_PROGRAMS)[0][0] >= 1, (
        "the sample should have matched badges only the second pass can find"
    )
