-- One row per (person, program, platform, attempt) across the LRS and the
-- four learning platforms, people resolved to employee_id and courses mapped
-- to programs through the programs seed. An xAPI attempt is a registration;
-- on the platforms a person has one attempt per course. Degreed exports only
-- completions, so its attempts are enrolled and completed on the same day.
with

statements as (
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

identities as (
    select * from {{ ref('int_identities_resolved') }}
),

programs as (
    select * from {{ ref('programs') }}
),

xapi_statements as (
    select
        identities.employee_id,
        statements.verb_name,
        statements.occurred_at,
        statements.score_scaled,
        coalesce(
            by_object.program_id,
            by_parent.program_id,
            by_grouping.program_id
        ) as program_id,
        coalesce(
            statements.registration_id,
            'no-registration'
        ) as attempt_id
    from statements
    inner join identities
        on
            identities.source_system = 'lrs'
            and {{ lrs_identifier_type('statements') }}
            = identities.identifier_type
            and {{ lrs_identifier('statements') }} = identities.identifier
    left join programs as by_object
        on statements.activity_iri = by_object.xapi_activity_iri
    left join programs as by_parent
        on statements.parent_activity_iri = by_parent.xapi_activity_iri
    left join programs as by_grouping
        on statements.grouping_activity_iri = by_grouping.xapi_activity_iri
),

xapi_attempts as (
    select
        employee_id,
        program_id,
        'xapi' as platform,
        attempt_id,
        min(occurred_at) as enrolled_at,
        min(
            case
                when verb_name in ('completed', 'passed') then occurred_at
            end
        ) as completed_at,
        max(case when verb_name = 'passed' then 1 else 0 end) = 1 as is_passed,
        max(score_scaled) as score
    from xapi_statements
    where program_id is not null
    group by employee_id, program_id, attempt_id
),

coursera_attempts as (
    {{ platform_attempts(
        platform='coursera',
        course_column='course_id',
        program_column='coursera_course_id',
        id_column='external_id',
        enrolled_at='coursera.enrolled_at',
        completed_at='coursera.completed_at',
        score='coursera.grade_rate',
    ) }}
),

udemy_attempts as (
    {{ platform_attempts(
        platform='udemy',
        course_column='course_id',
        program_column='udemy_course_id',
        id_column='external_id',
        enrolled_at='udemy.enrolled_at',
        completed_at='udemy.first_completed_at',
    ) }}
),

linkedin_learning_attempts as (
    {{ platform_attempts(
        platform='linkedin_learning',
        course_column='content_urn',
        program_column='linkedin_content_urn',
        id_column='unique_user_id',
        enrolled_at='linkedin_learning.first_engaged_at',
        completed_at='linkedin_learning.completed_at',
    ) }}
),

degreed_attempts as (
    select
        identities.employee_id,
        programs.program_id,
        'degreed' as platform,
        degreed.course_id as attempt_id,
        cast(degreed.completed_date as {{ dbt.type_timestamp() }})
            as enrolled_at,
        cast(degreed.completed_date as {{ dbt.type_timestamp() }})
            as completed_at,
        true as is_passed,
        cast(null as {{ type_double() }}) as score
    from degreed
    inner join programs
        on degreed.course_id = programs.degreed_course_id
    inner join identities
        on
            identities.source_system = 'degreed'
            and identities.identifier_type = 'employee_id'
            and degreed.employee_id = identities.identifier
),

unioned as (
    select * from xapi_attempts
    union all
    select * from coursera_attempts
    union all
    select * from udemy_attempts
    union all
    select * from linkedin_learning_attempts
    union all
    select * from degreed_attempts
),

final as (
    select
        employee_id,
        program_id,
        platform,
        attempt_id,
        min(enrolled_at) as enrolled_at,
        min(completed_at) as completed_at,
        max(case when is_passed then 1 else 0 end) = 1 as is_passed,
        max(score) as score
    from unioned
    where employee_id is not null
    group by employee_id, program_id, platform, attempt_id
)

select * from final
