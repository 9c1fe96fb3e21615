-- The names source systems show for each person: HR holds none, so the
-- person directory takes them from the systems that export a display name
-- next to an e-mail (M365 Copilot, Okta, Coursera, Udemy, LinkedIn
-- Learning), tied to the person through identity resolution. Names live
-- in intermediate and restricted only. A table: it scans the Copilot and
-- Okta staging (tens of millions of rows at 100,000 people), which each of
-- its data tests would repeat on a view.
{{ config(materialized='table') }}

with

identities as (
    select * from {{ ref('int_identities_resolved') }}
),

m365_copilot as (
    select * from {{ ref('stg_m365_copilot__app_activity') }}
),

okta as (
    select * from {{ ref('stg_okta__ai_sso_events') }}
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

observed_names as (
    select
        'm365_copilot' as source_system,
        m365_copilot.user_principal_name_normalized as email,
        m365_copilot.display_name
    from m365_copilot
    where not m365_copilot.is_upn_hashed and m365_copilot.app = 'any'
    union all
    select
        'okta' as source_system,
        okta.actor_alternate_id_normalized as email,
        okta.actor_display_name as display_name
    from okta
    union all
    select
        'coursera' as source_system,
        coursera.email_normalized as email,
        coursera.learner_name as display_name
    from coursera
    union all
    select
        'udemy' as source_system,
        udemy.email_normalized as email,
        {{ dbt.concat(["udemy.first_name", "' '", "udemy.last_name"]) }}
            as display_name
    from udemy
    union all
    select
        'linkedin_learning' as source_system,
        linkedin_learning.email_normalized as email,
        linkedin_learning.learner_name as display_name
    from linkedin_learning
),

named as (
    select
        identities.employee_id,
        trim(observed_names.display_name) as display_name,
        count(*) as observation_count
    from observed_names
    inner join identities
        on
            observed_names.source_system = identities.source_system
            and identities.identifier_type = 'email_address'
            and observed_names.email = identities.identifier
    where trim(observed_names.display_name) <> ''
    group by identities.employee_id, trim(observed_names.display_name)
),

final as (
    select * from named
)

select * from final
