-- How deep AI use goes: per sanctioned tool x week x organization, the
-- people active that week, their active days, interactions per active day
-- (console tools), Copilot apps per person (m365_copilot), habitual (9 of
-- the last 12 weeks) against occasional users, and the share of the last
-- 12 weeks' active days carried by the top decile of that period's users
-- (int_usage_depth_weeks has the rules). One more row per tool and week,
-- organization '(all organizations)', holds the company-wide figures:
-- shares and deciles cannot be added up from the organizations' rows.
--
-- Suppression (var min_group_size), on people_active_12_weeks: smaller
-- organizations are pooled into '(smaller organizations)'; a row still
-- smaller keeps its keys and people_active_12_weeks, the rest null. This
-- week's figures need that many active people, the top decile that many
-- people in it (41 users or more).
{% set min_group_size = var('min_group_size') %}

with

person_weeks as (
    select * from {{ ref('int_usage_depth_weeks') }}
),

org_sizes as (
    select
        tool_id,
        week_start_date,
        organization,
        count(*) < {{ min_group_size }} as is_pooled
    from person_weeks
    group by tool_id, week_start_date, organization
),

grouped as (
    select
        person_weeks.*,
        case
            when org_sizes.is_pooled then '(smaller organizations)'
            else person_weeks.organization
        end as organization_group
    from person_weeks
    inner join org_sizes
        on
            person_weeks.tool_id = org_sizes.tool_id
            and person_weeks.week_start_date = org_sizes.week_start_date
            and person_weeks.organization = org_sizes.organization
    union all
    select
        person_weeks.*,
        '(all organizations)' as organization_group
    from person_weeks
),

ranked as (
    select
        *,
        row_number() over (
            partition by tool_id, week_start_date, organization_group
            order by active_day_count_12 desc, employee_id asc
        ) as usage_rank,
        count(*) over (
            partition by tool_id, week_start_date, organization_group
        ) as group_size
    from grouped
),

counted as (
    select
        tool_id,
        week_start_date,
        organization_group as organization,
        count(*) as people_active_12_weeks,
        max(case when has_12_weeks then 1 else 0 end) = 1 as has_12_weeks,
        sum(case when is_active then 1 else 0 end) as active_people,
        sum(active_days) as active_days,
        sum(interaction_count) as interaction_count,
        sum(console_day_count) as console_day_count,
        sum(copilot_app_count) as copilot_app_count,
        sum(case when is_active and is_habitual then 1 else 0 end)
            as habitual_people,
        sum(case when is_active and not is_habitual then 1 else 0 end)
            as occasional_people,
        sum(case when usage_rank * 10 <= group_size + 9 then 1 else 0 end)
            as top_decile_people,
        sum(
            case
                when usage_rank * 10 <= group_size + 9
                    then active_day_count_12
                else 0
            end
        ) as top_decile_active_days,
        sum(active_day_count_12) as active_days_12_weeks
    from ranked
    group by tool_id, week_start_date, organization_group
),

flagged as (
    select
        *,
        people_active_12_weeks < {{ min_group_size }} as is_suppressed,
        active_people < {{ min_group_size }} as is_week_suppressed,
        top_decile_people < {{ min_group_size }} as is_top_decile_suppressed
    from counted
),

final as (
    select
        tool_id,
        week_start_date,
        organization,
        organization = '(all organizations)' as is_all_organizations,
        is_suppressed,
        has_12_weeks,
        cast(people_active_12_weeks as {{ dbt.type_bigint() }})
            as people_active_12_weeks,
        case
            when not is_suppressed
                then cast(active_people as {{ dbt.type_bigint() }})
        end as active_people,
        case
            when not is_week_suppressed and active_people > 0
                then cast(active_days as {{ type_double() }}) / active_people
        end as active_days_per_active_person,
        case
            when not is_week_suppressed and console_day_count > 0
                then
                    cast(interaction_count as {{ type_double() }})
                    / console_day_count
        end as interactions_per_active_day,
        case
            when not is_week_suppressed and tool_id = 'm365_copilot'
                then
                    cast(copilot_app_count as {{ type_double() }})
                    / active_people
        end as copilot_apps_per_active_person,
        case
            when not is_week_suppressed and has_12_weeks
                then cast(habitual_people as {{ dbt.type_bigint() }})
        end as habitual_people,
        case
            when not is_week_suppressed and has_12_weeks
                then cast(occasional_people as {{ dbt.type_bigint() }})
        end as occasional_people,
        case
            when not is_top_decile_suppressed
                then
                    cast(top_decile_active_days as {{ type_double() }})
                    / active_days_12_weeks
        end as top_decile_active_day_share
    from flagged
)

select * from final
