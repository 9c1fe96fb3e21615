-- Step of int_badge_hashes_matched: who each program's learning records
-- name, looked up in HR directly (not through identity resolution, which
-- consumes the badge matches): one row per program, employee and day of
-- activity (a platform row's latest: completion, else last activity). Only
-- a guess at a badge's likely holders, to hash first; a learner named here
-- by mistake costs a hash, nothing more.
{{ config(materialized='ephemeral') }}

with

statements as (
    select * from {{ ref('stg_lrs__statements') }}
),

classified as (
    select * from {{ ref('int_xapi_statements_classified') }}
),

coursera as (
    select * from {{ ref('stg_coursera__enrollments') }}
),

udemy as (
    select * from {{ ref('stg_udemy__enrollments') }}
),

linkedin_learning as (
    select * from {{ ref('stg_linkedin_learning__course_activity') }}
),

degreed as (
    select * from {{ ref('stg_degreed__completions') }}
),

programs as (
    select * from {{ ref('programs') }}
),

accounts as (
    select * from {{ ref('int_account_identifiers_translated') }}
),

person_identifiers as (
    select * from {{ ref('int_person_identifiers') }}
),

xapi_records as (
    select
        classified.program_id,
        {{ lrs_identifier_type('statements') }} as identifier_type,
        {{ lrs_identifier('statements') }} as identifier,
        cast(classified.occurred_at as date) as active_date
    from classified
    inner join statements
        on classified.statement_id = statements.statement_id
),

-- a platform row names its learner by id and by e-mail
platform_rows as (
    {{ badge_learner_rows(
        'coursera', 'course_id', 'coursera_course_id', 'external_id',
        'coalesce(completed_at, last_activity_at, enrolled_at)'
    ) }}
    union all
    {{ badge_learner_rows(
        'udemy', 'course_id', 'udemy_course_id', 'external_id',
        'coalesce(completed_at, last_accessed_at, enrolled_at)'
    ) }}
    union all
    {{ badge_learner_rows(
        'linkedin_learning', 'content_urn', 'linkedin_content_urn',
        'unique_user_id',
        'coalesce(completed_at, last_engaged_at, first_engaged_at)'
    ) }}
),

platform_records as (
    select
        program_id,
        'employee_id' as identifier_type,
        user_id as identifier,
        active_date
    from platform_rows
    union all
    select
        program_id,
        'email_address' as identifier_type,
        email_normalized as identifier,
        active_date
    from platform_rows
    union all
    select
        programs.program_id,
        'employee_id' as identifier_type,
        degreed.employee_id as identifier,
        cast(degreed.completed_date as date) as active_date
    from degreed
    inner join programs
        on degreed.course_id = programs.degreed_course_id
),

records as (
    select * from xapi_records
    union all
    select * from platform_records
),

-- an account is looked up as the HR identifiers it stands for
lookups as (
    select
        records.*,
        coalesce(accounts.lookup_type, records.identifier_type) as lookup_type,
        coalesce(accounts.lookup_identifier, records.identifier)
            as lookup_identifier
    from records
    left join accounts
        on
            records.identifier_type = 'xapi_account'
            and accounts.identifier_type = 'xapi_account'
            and records.identifier = accounts.identifier
),

final as (
    select distinct
        lookups.program_id,
        person_identifiers.employee_id,
        lookups.active_date
    from lookups
    inner join person_identifiers
        on
            lookups.lookup_type = person_identifiers.identifier_type
            and lookups.lookup_identifier = person_identifiers.identifier
)

select * from final
