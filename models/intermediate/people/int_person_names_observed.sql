-- The names source systems show for each person: HR holds none, so the
-- person directory takes them from the systems that export a display name
-- next to an e-mail (Okta, Coursera, Udemy, LinkedIn Learning), tied to the
-- person through identity resolution. Names: intermediate and restricted only.
with

identities as (
    select * from {{ ref('int_identities_resolved') }}
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
