-- How many hashes int_badge_hashes_matched computes in a build, per pass,
-- against hashing every known e-mail with every badge (algorithm, salt) as
-- it did before the two passes. Reads the built table (a salted badge left
-- pass 1 unmatched unless its matched e-mail is one of its likely holders'):
--   dbt show -s badge_hashes_counted   (bench/results.md, badge hashing)
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

matched as (
    select * from {{ ref('int_badge_hashes_matched') }}
),

known_emails as (
    select count(distinct identifier) as email_count
    from person_identifiers
    where identifier_type = 'email_address'
),

salt_groups as (
    select
        count(
            distinct {{ dbt.concat(
                ['algorithm', "'$'", "coalesce(salt, '')"]
            ) }}
        ) as all_groups,
        count(distinct case when salt is null then algorithm end)
            as unsalted_groups
    from badge_digests
    where algorithm is not null
),

first_pass as (
    select count(*) as likely_pairs
    from likely_holders
    inner join badge_digests
        on
            likely_holders.identifier = badge_digests.identifier
            and likely_holders.salt = badge_digests.salt
    where badge_digests.algorithm is not null
),

found_first as (
    select distinct
        matched.identifier,
        matched.salt
    from matched
    inner join likely_holders
        on
            matched.identifier = likely_holders.identifier
            and matched.salt = likely_holders.salt
            and matched.email = likely_holders.email
),

second_pass as (
    select
        count(
            distinct {{ dbt.concat(
                ['badge_digests.algorithm', "'$'", 'badge_digests.salt']
            ) }}
        ) as rest_groups
    from badge_digests
    left join found_first
        on
            badge_digests.identifier = found_first.identifier
            and badge_digests.salt = found_first.salt
    where
        badge_digests.algorithm is not null
        and badge_digests.salt is not null
        and found_first.identifier is null
),

final as (
    select
        known_emails.email_count,
        salt_groups.all_groups,
        first_pass.likely_pairs as hashes_likely_holders,
        known_emails.email_count * salt_groups.all_groups as hashes_before,
        known_emails.email_count * salt_groups.unsalted_groups
            as hashes_unsalted,
        known_emails.email_count * second_pass.rest_groups as hashes_rest,
        known_emails.email_count * salt_groups.unsalted_groups
        + first_pass.likely_pairs
        + known_emails.email_count * second_pass.rest_groups as hashes_after
    from known_emails
    cross join salt_groups
    cross join first_pass
    cross join second_pass
)

select * from final
