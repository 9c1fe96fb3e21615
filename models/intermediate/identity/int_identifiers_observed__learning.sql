-- Step of int_identifiers_observed: the identifiers of the learning sources
-- (LRS, course platforms, badges), one row per record and identifier; the
-- parent de-duplicates. Types and formats as int_identifiers_observed says.
{{ config(materialized='ephemeral') }}

with

lrs as (
    select * from {{ ref('stg_lrs__statements') }}
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

open_badges as (
    select * from {{ ref('stg_open_badges__credentials') }}
),

credly as (
    select * from {{ ref('stg_credly__issued_badges') }}
),

observed as (
    select
        'lrs' as source_system,
        {{ lrs_identifier_type('lrs') }} as identifier_type,
        {{ lrs_identifier('lrs') }} as identifier,
        cast(null as {{ dbt.type_string() }}) as salt
    from lrs
    union all
    select
        'lrs' as source_system,
        'xapi_group' as identifier_type,
        lrs.group_ifi_value as identifier,
        null as salt
    from lrs
    where lrs.is_group_member

    union all
    select
        'coursera' as source_system,
        'employee_id' as identifier_type,
        coursera.external_id as identifier,
        null as salt
    from coursera
    union all
    select
        'coursera' as source_system,
        'email_address' as identifier_type,
        coursera.email_normalized as identifier,
        null as salt
    from coursera

    union all
    select
        'udemy' as source_system,
        'employee_id' as identifier_type,
        udemy.external_id as identifier,
        null as salt
    from udemy
    union all
    select
        'udemy' as source_system,
        'email_address' as identifier_type,
        udemy.email_normalized as identifier,
        null as salt
    from udemy

    union all
    select
        'linkedin_learning' as source_system,
        'employee_id' as identifier_type,
        linkedin_learning.unique_user_id as identifier,
        null as salt
    from linkedin_learning
    union all
    select
        'linkedin_learning' as source_system,
        'email_address' as identifier_type,
        linkedin_learning.email_normalized as identifier,
        null as salt
    from linkedin_learning

    union all
    select
        'degreed' as source_system,
        'employee_id' as identifier_type,
        degreed.employee_id as identifier,
        null as salt
    from degreed

    union all
    select
        'open_badges' as source_system,
        open_badges.recipient_identifier_type as identifier_type,
        open_badges.recipient_identity_normalized as identifier,
        case
            when open_badges.is_recipient_hashed then open_badges.recipient_salt
        end as salt
    from open_badges

    union all
    select
        'credly' as source_system,
        'email_address' as identifier_type,
        credly.recipient_email_normalized as identifier,
        null as salt
    from credly
),

final as (
    select * from observed
)

select * from final
