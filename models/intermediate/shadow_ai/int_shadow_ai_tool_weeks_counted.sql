-- Organization x week x consumer AI tool, for the (organization, week) rows
-- of int_shadow_ai_weeks_classified that have any traffic to the tool:
-- people with shadow AI use of the tool that week, among them trained
-- people, and people whose traffic to it went to ambiguous hosts only. A
-- person using two tools counts once per tool. Organization and trained as
-- in int_shadow_ai_weeks_classified (the person's week).
with

person_weeks as (
    select * from {{ ref('int_shadow_ai_weeks_classified') }}
),

shadow_ai_days as (
    select * from {{ ref('int_shadow_ai_days') }}
),

observation_window as (
    select * from {{ ref('int_observed_days_bounded') }}
),

tool_weeks as (
    select
        shadow_ai_days.employee_id,
        shadow_ai_days.tool_id,
        cast(
            {{ dbt.date_trunc('week', 'shadow_ai_days.activity_date') }} as date
        ) as week_start_date,
        max(case when shadow_ai_days.is_shadow_ai then 1 else 0 end)
            as has_shadow_ai_use,
        max(case when shadow_ai_days.is_ambiguous then 1 else 0 end)
            as has_ambiguous_ai_use
    from shadow_ai_days
    cross join observation_window
    where
        shadow_ai_days.activity_date
        between observation_window.first_observed_date
        and observation_window.last_observed_date
    group by
        shadow_ai_days.employee_id,
        shadow_ai_days.tool_id,
        cast(
            {{ dbt.date_trunc('week', 'shadow_ai_days.activity_date') }} as date
        )
),

final as (
    select
        person_weeks.organization,
        person_weeks.week_start_date,
        tool_weeks.tool_id,
        sum(tool_weeks.has_shadow_ai_use) as shadow_ai_people,
        sum(
            case
                when person_weeks.is_trained then tool_weeks.has_shadow_ai_use
                else 0
            end
        ) as trained_shadow_ai_people,
        sum(tool_weeks.has_ambiguous_ai_use) as ambiguous_ai_people
    from tool_weeks
    inner join person_weeks
        on
            tool_weeks.employee_id = person_weeks.employee_id
            and tool_weeks.week_start_date = person_weeks.week_start_date
    group by
        person_weeks.organization,
        person_weeks.week_start_date,
        tool_weeks.tool_id
)

select * from final
