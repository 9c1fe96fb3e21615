-- One row per person x program they completed (first completion across
-- platforms), with the cohort, the cycle and the org in force that day.
with

enrollments as (
    select * from {{ ref('int_program_enrollments_org_joined') }}
),

final as (
    select
        {{ person_key('employee_id') }} as person_key,
        program_id,
        enrolled_at,
        completed_at,
        completed_date,
        cast({{ dbt.date_trunc('month', 'completed_date') }} as date)
            as cohort_month,
        cast({{ dbt.date_trunc('quarter', 'completed_date') }} as date)
            as cycle_start_date,
        completion_platform,
        platforms,
        platform_count,
        is_passed,
        best_score,
        case
            when manager_at_training_id is not null
                then {{ person_key('manager_at_training_id') }}
        end as manager_person_key,
        organization_at_training,
        function_at_training,
        level_at_training,
        location_at_training
    from enrollments
    where is_completed
)

select * from final
