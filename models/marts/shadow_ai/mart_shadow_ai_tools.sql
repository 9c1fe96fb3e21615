-- Question 4, by tool. Organization x week (Monday) x consumer AI tool
-- (dim_ai_tools.offering = 'consumer'), every combination a row (zeros
-- included): people with shadow AI use of the tool that week, among them
-- trained people, and people whose traffic to the tool went to ambiguous
-- hosts only (not shadow AI). A person using two tools counts once per tool,
-- so the tools of an organization-week do not add up to
-- mart_shadow_ai.shadow_ai_people. Organization and trained as in
-- mart_shadow_ai; the same suppression: an organization-week with fewer than
-- var('min_group_size') employed people has null metrics, and the trained
-- columns are null when it has fewer trained or fewer untrained people
-- (is_training_split_suppressed; the untrained count would follow from
-- the total).
{% set min_group_size = var('min_group_size') %}

with

person_weeks as (
    select * from {{ ref('int_shadow_ai_weeks_classified') }}
),

shadow_ai_days as (
    select * from {{ ref('int_shadow_ai_days') }}
),

ai_tools as (
    select * from {{ ref('dim_ai_tools') }}
),

observation_window as (
    select * from {{ ref('int_observation_window') }}
),

organization_weeks as (
    select
        organization,
        week_start_date,
        count(*) as employed_people,
        sum(case when is_trained then 1 else 0 end) as trained_people
    from person_weeks
    group by organization, week_start_date
),

consumer_tools as (
    select tool_id
    from ai_tools
    where offering = 'consumer'
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

tool_counts as (
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
),

spined as (
    select
        organization_weeks.organization,
        organization_weeks.week_start_date,
        consumer_tools.tool_id,
        organization_weeks.employed_people,
        organization_weeks.trained_people,
        coalesce(tool_counts.shadow_ai_people, 0) as shadow_ai_people,
        coalesce(tool_counts.trained_shadow_ai_people, 0)
            as trained_shadow_ai_people,
        coalesce(tool_counts.ambiguous_ai_people, 0) as ambiguous_ai_people,
        organization_weeks.employed_people < {{ min_group_size }}
            as is_suppressed,
        organization_weeks.employed_people < {{ min_group_size }}
        or organization_weeks.trained_people < {{ min_group_size }}
        or organization_weeks.employed_people
        - organization_weeks.trained_people < {{ min_group_size }}
            as is_training_split_suppressed
    from organization_weeks
    cross join consumer_tools
    left join tool_counts
        on
            organization_weeks.organization = tool_counts.organization
            and organization_weeks.week_start_date = tool_counts.week_start_date
            and consumer_tools.tool_id = tool_counts.tool_id
),

final as (
    select
        organization,
        week_start_date,
        tool_id,
        cast(employed_people as {{ dbt.type_bigint() }}) as employed_people,
        is_suppressed,
        is_training_split_suppressed,
        case
            when not is_suppressed
                then cast(shadow_ai_people as {{ dbt.type_bigint() }})
        end as shadow_ai_people,
        case
            when not is_suppressed
                then
                    cast(shadow_ai_people as {{ type_double() }})
                    / employed_people
        end as shadow_ai_rate,
        case
            when not is_suppressed
                then cast(trained_people as {{ dbt.type_bigint() }})
        end as trained_people,
        case
            when not is_training_split_suppressed
                then cast(trained_shadow_ai_people as {{ dbt.type_bigint() }})
        end as trained_shadow_ai_people,
        case
            when not is_training_split_suppressed
                then
                    cast(trained_shadow_ai_people as {{ type_double() }})
                    / trained_people
        end as trained_shadow_ai_rate,
        case
            when not is_suppressed
                then cast(ambiguous_ai_people as {{ dbt.type_bigint() }})
        end as ambiguous_ai_people
    from spined
)

select * from final
