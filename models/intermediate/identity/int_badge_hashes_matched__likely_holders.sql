-- Step of int_badge_hashes_matched: for each salted badge, the e-mails of
-- its likely holders, hashed first: the learners of the program whose
-- credential it is (programs seed, as int_credentials_awarded names it)
-- active on it from 14 days before the issue day to a day after (a badge
-- is issued on completion; the issuer may lag). Only a guess:
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
        cast(open_badges.issued_at as date) as issued_date
    from open_badges
    inner join programs
        on open_badges.credential_name = programs.credential_name
    where
        open_badges.recipient_identifier_type = 'salted_email_hash'
        and open_badges.is_recipient_hashed
        and open_badges.recipient_salt is not null
),

-- badges of one program issued on one day share their likely holders:
-- found once per (program, issue day), a few hundred a year
issue_days as (
    select distinct
        program_id,
        issued_date
    from badges
),

-- the 16 days of an issue day's window, so that learners join on equal
-- days (a range join would compare every badge with every learner)
window_days as (
    select generated_number - 2 as days_before
    from ({{ dbt.generate_series(16) }}) as series
),

issue_window_days as (
    select
        issue_days.program_id,
        issue_days.issued_date,
        cast(
            {{ dbt.dateadd(
                'day', '-window_days.days_before', 'issue_days.issued_date'
            ) }}
            as date
        ) as active_date
    from issue_days
    cross join window_days
),

holders as (
    select distinct
        issue_window_days.program_id,
        issue_window_days.issued_date,
        learners.employee_id
    from issue_window_days
    inner join learners
        on
            issue_window_days.program_id = learners.program_id
            and issue_window_days.active_date = learners.active_date
),

holder_emails as (
    select distinct
        holders.program_id,
        holders.issued_date,
        person_identifiers.identifier as email
    from holders
    inner join person_identifiers
        on holders.employee_id = person_identifiers.employee_id
    where person_identifiers.identifier_type = 'email_address'
),

-- a badge issued twice (same hash and salt) may list an e-mail twice
final as (
    select
        badges.identifier,
        badges.salt,
        holder_emails.email
    from badges
    inner join holder_emails
        on
            badges.program_id = holder_emails.program_id
            and badges.issued_date = holder_emails.issued_date
)

select * from final
