-- One row per (person, program): the enrollment across every platform and
-- attempt. A person who completed the same program on two platforms counts
-- once: the earliest completion wins, and every platform is recorded.
-- Completion = first completed or passed record (voided xAPI statements were
-- removed in staging).
with

attempts as (
    select * from {{ ref('int_enrollments_unified') }}
),

first_completion as (
    select
        employee_id,
        program_id,
        platform as completion_platform,
        row_number() over (
            partition by employee_id, program_id
            order by completed_at, platform
        ) as completion_order
    from attempts
    where completed_at is not null
),

collapsed as (
    select
        employee_id,
        program_id,
        min(enrolled_at) as enrolled_at,
        min(completed_at) as completed_at,
        max(case when is_passed then 1 else 0 end) = 1 as is_passed,
        max(score) as best_score,
        count(distinct platform) as platform_count,
        count(*) as attempt_count,
        {{ string_agg_distinct_sorted('platform', ',') }} as platforms
    from attempts
    group by employee_id, program_id
),

final as (
    select
        collapsed.employee_id,
        collapsed.program_id,
        collapsed.completed_at,
        cast(collapsed.completed_at as date) as completed_date,
        first_completion.completion_platform,
        collapsed.is_passed,
        collapsed.best_score,
        collapsed.platform_count,
        collapsed.attempt_count,
        collapsed.platforms,
        coalesce(collapsed.enrolled_at, collapsed.completed_at) as enrolled_at,
        collapsed.completed_at is not null as is_completed
    from collapsed
    left join first_completion
        on
            collapsed.employee_id = first_completion.employee_id
            and collapsed.program_id = first_completion.program_id
            and first_completion.completion_order = 1
)

select * from final
