-- Every distinct way a source system names a person, as
-- (source_system, identifier_type, identifier[, salt]). Types match
-- int_person_identifiers; types HR cannot know (an xAPI openid, a hashed
-- Copilot UPN) are kept so that they show up as unmatched in the audit.
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

m365_copilot as (
    select * from {{ ref('stg_m365_copilot__app_activity') }}
),

ai_activity as (
    select * from {{ ref('stg_ai_activity__daily_usage') }}
),

ai_seats as (
    select * from {{ ref('stg_ai_seats__seat_assignments') }}
),

okta as (
    select * from {{ ref('stg_okta__ai_sso_events') }}
),

proxy as (
    select * from {{ ref('stg_proxy__ai_requests') }}
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
        case
            when open_badges.is_recipient_hashed then 'salted_email_hash'
            else 'email_address'
        end as identifier_type,
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

    union all
    select
        'm365_copilot' as source_system,
        case
            when m365_copilot.is_upn_hashed then 'hashed_upn'
            else 'email_address'
        end as identifier_type,
        m365_copilot.user_principal_name_normalized as identifier,
        null as salt
    from m365_copilot

    union all
    select
        'ai_activity' as source_system,
        'email_address' as identifier_type,
        ai_activity.user_name_normalized as identifier,
        null as salt
    from ai_activity

    union all
    select
        'ai_seats' as source_system,
        ai_seats.assignee_identifier_type as identifier_type,
        ai_seats.assignee_identifier as identifier,
        null as salt
    from ai_seats

    union all
    select
        'okta' as source_system,
        'email_address' as identifier_type,
        okta.actor_alternate_id_normalized as identifier,
        null as salt
    from okta

    union all
    select
        'proxy' as source_system,
        case proxy.login_type
            when 'domain_user' then 'network_login'
            when 'email' then 'email_address'
            else 'proxy_login'
        end as identifier_type,
        proxy.login_normalized as identifier,
        null as salt
    from proxy
),

final as (
    select distinct
        source_system,
        identifier_type,
        identifier,
        salt
    from observed
    where identifier is not null
)

select * from final
