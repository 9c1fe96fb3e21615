-- Which known e-mail each Open Badges recipient hash is the hash of:
-- '<algorithm>$' || hex(algorithm(email || salt)), algorithm sha256 or md5, the
-- salt optional (OB 2.0 and 3.0). Hashing every e-mail with every badge's
-- salt grows with people x badges (2.9 billion SHA-256 at 100,000 people),
-- so the hashing goes in two passes:
--   1. each salted badge with the e-mails of its likely holders (step
--      __likely_holders: learners of its program around the issue date);
--   2. the salted badges pass 1 left unmatched with every known e-mail.
-- Unsalted hashes share one (algorithm, no salt): each e-mail is hashed once
-- per algorithm for all of them. Same matches as hashing everything: a badge
-- is one e-mail's hash, so a match in pass 1 hides no other e-mail (only a
-- hash collision could); two people holding that e-mail are both found
-- downstream (int_identifier_candidates) and the badge is ambiguous there.
--
-- A full outer join of badges and known e-mails on the hash: one row per
-- matching (badge hash, salt, e-mail), one per badge that matched no e-mail
-- (email null), one per e-mail that matched no badge (identifier and salt
-- null).
with

badge_digests as (
    select * from {{ ref('int_badge_hashes_matched__digests') }}
),

likely_holders as (
    select * from {{ ref('int_badge_hashes_matched__likely_holders') }}
),

person_identifiers as (
    select * from {{ ref('int_person_identifiers') }}
),

known_emails as (
    select distinct identifier as email
    from person_identifiers
    where identifier_type = 'email_address'
),

unsalted_algorithms as (
    select distinct algorithm
    from badge_digests
    where algorithm is not null and salt is null
),

first_inputs as (
    select
        known_emails.email,
        unsalted_algorithms.algorithm,
        cast(null as {{ dbt.type_string() }}) as salt
    from known_emails
    cross join unsalted_algorithms
    union all
    select
        likely_holders.email,
        badge_digests.algorithm,
        badge_digests.salt
    from likely_holders
    inner join badge_digests
        on
            likely_holders.identifier = badge_digests.identifier
            and likely_holders.salt = badge_digests.salt
    where badge_digests.algorithm is not null
),

first_matches as (
    {{ badge_hash_matches('first_inputs', 'badge_digests') }}
),

second_salts as (
    select distinct
        badge_digests.algorithm,
        badge_digests.salt
    from badge_digests
    left join first_matches
        on
            badge_digests.identifier = first_matches.identifier
            and badge_digests.salt = first_matches.salt
    where
        badge_digests.algorithm is not null
        and badge_digests.salt is not null
        and first_matches.identifier is null
),

second_inputs as (
    select
        known_emails.email,
        second_salts.algorithm,
        second_salts.salt
    from known_emails
    cross join second_salts
),

second_matches as (
    {{ badge_hash_matches('second_inputs', 'badge_digests') }}
),

matches as (
    select * from first_matches
    union
    select * from second_matches
),

unmatched_badges as (
    select
        badge_digests.identifier,
        badge_digests.salt,
        cast(null as {{ dbt.type_string() }}) as email
    from badge_digests
    left join matches
        on
            badge_digests.identifier = matches.identifier
            and badge_digests.salt is not distinct from matches.salt
    where matches.identifier is null
),

unmatched_emails as (
    select
        cast(null as {{ dbt.type_string() }}) as identifier,
        cast(null as {{ dbt.type_string() }}) as salt,
        known_emails.email
    from known_emails
    left join matches
        on known_emails.email = matches.email
    where matches.email is null
),

final as (
    select * from matches
    union all
    select * from unmatched_badges
    union all
    select * from unmatched_emails
)

select * from final
