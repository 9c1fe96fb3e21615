-- One row per (person, program, platform, attempt) across the LRS and the
-- four learning platforms, people resolved to employee_id and courses mapped
-- to programs through the programs seed. An xAPI attempt is a registration;
-- on the platforms a person has one attempt per course. Degreed exports only
-- completions, so its attempts are enrolled and completed on the same day.
-- xAPI enrollment and completion follow the completion rule (docs:
-- xapi_completion_rule), applied per statement in
-- int_xapi_statements_classified.
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

classified as (
    select * from {{ ref('int_xapi_statements_classified') }}
),

-- Only statements whose verb enrolls (a learner's verb) count at all.
xapi_statements as (
    select
        identities.employee_id,
        classified.program_id,
        classified.occurred_at,
        classified.score_scaled,
        classified.is_program_completion,
        classified.is_au_satisfied,
        classified.au_activity_iri,
        classified.program_au_count,
        classified.is_passed,
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
    inner join classified
        on
            statements.statement_id = classified.statement_id
            and classified.is_enrolling
),

-- The program's own activity completed, or every declared AU satisfied.
xapi_completions as (
    select
        employee_id,
        program_id,
        attempt_id,
        occurred_at as completed_at
    from xapi_statements
    where is_program_completion
    union all
    {{ xapi_au_completions('xapi_statements') }}
),

xapi_attempts as (
    select
        xapi_statements.employee_id,
        xapi_statements.program_id,
        'xapi' as platform,
        xapi_statements.attempt_id,
        min(xapi_statements.occurred_at) as enrolled_at,
        min(xapi_completions.completed_at) as completed_at,
        -- a pass counts once the program is completed in the attempt
        max(
            case when xapi_statements.is_passed then 1 else 0 end
        ) = 1
        and min(xapi_completions.completed_at) is not null as is_passed,
        max(xapi_statements.score_scaled) as score
    from xapi_statements
    left join xapi_completions
        on
            xapi_statements.employee_id = xapi_completions.employee_id
            and xapi_statements.program_id = xapi_completions.program_id
            and xapi_statements.attempt_id = xapi_completions.attempt_id
    group by
        xapi_statements.employee_id,
        xapi_statements.program_id,
        xapi_statements.attempt_id
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
