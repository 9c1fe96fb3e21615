-- Which known e-mail each Open Badges recipient hash is the hash of:
-- '<algorithm>$' || hex(algorithm(email || salt)), algorithm sha256 or md5, the
-- salt optional (OB 2.0 and 3.0). Finding out means hashing every known e-mail
-- with every (algorithm, salt) of the badges (split by the step __digests): at
-- 100,000 employees 130,000 e-mails x 22,000 salts, 2.9 billion hashes, the
-- costliest step of a build. Unsalted hashes share one (algorithm, no salt):
-- each e-mail is hashed once per algorithm for all of them. A hash never
-- changes, so on DuckDB the model is incremental (as the event models): a build
-- starts from what the previous build tried and hashes only the pairs not tried
-- yet, the new badges with every e-mail and the new e-mails with every other
-- badge, then replaces the whole (small) table. A full refresh hashes
-- everything, as does Spark, where it is a table.
--
-- A full outer join of badges and known e-mails on the hash: one row per
-- matching (badge hash, salt, e-mail), one per badge that matched no e-mail
-- (email null), one per e-mail that matched no badge (identifier and salt
-- null). The unmatched rows are how the next build knows what was tried. Badges
-- and e-mails gone since (erased, or no longer in HR) drop out.
{{ config(
    materialized=event_materialization(),
    incremental_strategy='replace_all'
) }}

with

badge_digests as (
    select * from {{ ref('int_badge_hashes_matched__digests') }}
),

person_identifiers as (
    select * from {{ ref('int_person_identifiers') }}
),

-- what the previous build of this table holds (nothing on a first build)
no_previous_build as (
    select
        cast(null as {{ dbt.type_string() }}) as identifier,
        cast(null as {{ dbt.type_string() }}) as salt,
        cast(null as {{ dbt.type_string() }}) as email
    from person_identifiers
    where false
),

previous as (
    select * from {{ this if is_incremental() else 'no_previous_build' }}
),

known_emails as (
    select distinct identifier as email
    from person_identifiers
    where identifier_type = 'email_address'
),

tried_badges as (
    select distinct
        identifier,
        salt
    from previous
    where identifier is not null
),

tried_emails as (
    select distinct email
    from previous
    where email is not null
),

badges_tried as (
    select
        badge_digests.algorithm,
        badge_digests.salt,
        tried_badges.identifier is not null as was_tried
    from badge_digests
    left join tried_badges
        on
            badge_digests.identifier = tried_badges.identifier
            and badge_digests.salt is not distinct from tried_badges.salt
    where badge_digests.algorithm is not null
),

new_badge_salts as (
    select distinct
        algorithm,
        salt
    from badges_tried
    where not was_tried
),

old_badge_salts as (
    select distinct
        algorithm,
        salt
    from badges_tried
    where was_tried
),

new_emails as (
    select known_emails.email
    from known_emails
    left join tried_emails
        on known_emails.email = tried_emails.email
    where tried_emails.email is null
),

-- the pairs not tried yet: every e-mail with the new badges' (algorithm,
-- salt), the new e-mails with the others (on a first build: every pair)
hash_inputs as (
    select
        known_emails.email,
        new_badge_salts.algorithm,
        new_badge_salts.salt
    from known_emails
    cross join new_badge_salts
    union all
    select
        new_emails.email,
        old_badge_salts.algorithm,
        old_badge_salts.salt
    from new_emails
    cross join old_badge_salts
),

hashed as (
    select
        email,
        algorithm,
        salt,
        {{ badge_identity_digest('algorithm', 'email', 'salt') }} as digest
    from hash_inputs
),

fresh_matches as (
    select
        badge_digests.identifier,
        badge_digests.salt,
        hashed.email
    from hashed
    inner join badge_digests
        on
            hashed.digest = badge_digests.digest
            and hashed.algorithm = badge_digests.algorithm
            and hashed.salt is not distinct from badge_digests.salt
),

-- the earlier matches, as long as their badge and e-mail still exist
kept_matches as (
    select
        previous.identifier,
        previous.salt,
        previous.email
    from previous
    inner join badge_digests
        on
            previous.identifier = badge_digests.identifier
            and previous.salt is not distinct from badge_digests.salt
    inner join known_emails
        on previous.email = known_emails.email
),

matches as (
    select * from fresh_matches
    union
    select * from kept_matches
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
