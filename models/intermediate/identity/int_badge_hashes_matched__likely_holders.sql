-- Step of int_badge_hashes_matched: for each salted badge, the e-mails of
-- its likely holders, hashed first: the learners of the program whose
-- credential it is (programs seed, as int_credentials_awarded names it)
-- with a record on it from 14 days before the issue date to a day after
-- (a badge is issued on completion; the issuer may lag). Only a guess:
-- int_badge_hashes_matched hashes a badge no likely holder matched with
-- every known e-mail.
{{ config(materialized='ephemeral') }}

with

open_badges as (
    select * from {{ ref('stg_open_badges__credentials') }}
),

programs as (
    select * from {{ ref('programs') }}
),

learners as (
    select * from {{ ref('int_badge_hashes_matched__learners') }}
),

person_identifiers as (
    select * from {{ ref('int_person_identifiers') }}
),

badges as (
    select distinct
        open_badges.recipient_identity_normalized as identifier,
        open_badges.recipient_salt as salt,
        programs.program_id,
        open_badges.issued_at
    from open_badges
    inner join programs
        on
            coalesce(open_badges.achievement_name, open_badges.achievement_id)
            = programs.credential_name
    where
        open_badges.recipient_identifier_type = 'salted_email_hash'
        and open_badges.is_recipient_hashed
        and open_badges.recipient_salt is not null
),

likely_holders as (
    select distinct
        badges.identifier,
        badges.salt,
        learners.employee_id
    from badges
    inner join learners
        on
            badges.program_id = learners.program_id
            and learners.first_at
            <= {{ dbt.dateadd('day', 1, 'badges.issued_at') }}
            and learners.last_at
            >= {{ dbt.dateadd('day', -14, 'badges.issued_at') }}
),

final as (
    select distinct
        likely_holders.identifier,
        likely_holders.salt,
        person_identifiers.identifier as email
    from likely_holders
    inner join person_identifiers
        on likely_holders.employee_id = person_identifiers.employee_id
    where person_identifiers.identifier_type = 'email_address'
)

select * from final
