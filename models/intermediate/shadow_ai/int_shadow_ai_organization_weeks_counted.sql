-- Organization x week, once for all consumer AI tools together (tool_id
-- null) and once per consumer tool (every tool a row, zeros included): the
-- shadow AI counts and rates of question 4, with the suppression applied
-- here once for both marts. Suppression (var min_group_size): fewer
-- employed people than the threshold -> every count and rate null
-- (is_suppressed); fewer trained or fewer untrained people -> the
-- trained / untrained split and reverted people null
-- (is_training_split_suppressed: one side would follow from the total).
-- Reverted people exist for all tools together only.
{% set min_group_size = var('min_group_size') %}

with

person_weeks as (
    select * from {{ ref('int_shadow_ai_weeks_classified') }}
),

tool_weeks as (
    select * from {{ ref('int_shadow_ai_tool_weeks_counted') }}
),

ai_tools as (
    select * from {{ ref('ai_tools') }}
),

all_tools as (
    select
        organization,
        week_start_date,
        cast(null as {{ dbt.type_string() }}) as tool_id,
        max(week_end_date) as week_end_date,
        min(observed_day_count) as observed_day_count,
        count(*) as employed_people,
        sum(case when is_trained then 1 else 0 end) as trained_people,
        sum(case when has_shadow_ai_use then 1 else 0 end)
            as shadow_ai_people,
        sum(case when is_trained and has_shadow_ai_use then 1 else 0 end)
            as trained_shadow_ai_people,
        sum(case when has_ambiguous_ai_use then 1 else 0 end)
            as ambiguous_ai_people,
        sum(case when is_reverted then 1 else 0 end) as reverted_people
    from person_weeks
    group by organization, week_start_date
),

per_tool as (
    select
        all_tools.organization,
        all_tools.week_start_date,
        ai_tools.tool_id,
        all_tools.week_end_date,
        all_tools.observed_day_count,
        all_tools.employed_people,
        all_tools.trained_people,
        coalesce(tool_weeks.shadow_ai_people, 0) as shadow_ai_people,
        coalesce(tool_weeks.trained_shadow_ai_people, 0)
            as trained_shadow_ai_people,
        coalesce(tool_weeks.ambiguous_ai_people, 0) as ambiguous_ai_people,
        cast(null as {{ dbt.type_bigint() }}) as reverted_people
    from all_tools
    cross join ai_tools
    left join tool_weeks
        on
            all_tools.organization = tool_weeks.organization
            and all_tools.week_start_date = tool_weeks.week_start_date
            and ai_tools.tool_id = tool_weeks.tool_id
    where ai_tools.offering = 'consumer'
),

flagged as (
    select
        *,
        employed_people - trained_people as untrained_people,
        shadow_ai_people - trained_shadow_ai_people
            as untrained_shadow_ai_people,
        employed_people < {{ min_group_size }} as is_suppressed,
        employed_people < {{ min_group_size }}
        or trained_people < {{ min_group_size }}
        or employed_people - trained_people < {{ min_group_size }}
            as is_training_split_suppressed
    from (
        select * from all_tools
        union all
        select * from per_tool
    ) as counted
),

rated as (
    select
        *,
        cast(shadow_ai_people as {{ type_double() }})
        / employed_people as shadow_ai_rate,
        cast(ambiguous_ai_people as {{ type_double() }})
        / employed_people as ambiguous_ai_rate,
        cast(trained_shadow_ai_people as {{ type_double() }})
        / trained_people as trained_shadow_ai_rate,
        cast(untrained_shadow_ai_people as {{ type_double() }})
        / untrained_people as untrained_shadow_ai_rate,
        cast(reverted_people as {{ type_double() }})
        / trained_people as reverted_rate
    from flagged
),

final as (
    select
        organization,
        week_start_date,
        tool_id,
        week_end_date,
        employed_people,
        is_suppressed,
        is_training_split_suppressed,
        observed_day_count = 7 as is_fully_observed,
        case when not is_suppressed then shadow_ai_people end
            as shadow_ai_people,
        case when not is_suppressed then shadow_ai_rate end as shadow_ai_rate,
        case when not is_suppressed then ambiguous_ai_people end
            as ambiguous_ai_people,
        case when not is_suppressed then ambiguous_ai_rate end
            as ambiguous_ai_rate,
        case when not is_suppressed then trained_people end as trained_people,
        case when not is_suppressed then untrained_people end
            as untrained_people,
        case
            when not is_training_split_suppressed then trained_shadow_ai_people
        end as trained_shadow_ai_people,
        case
            when not is_training_split_suppressed then trained_shadow_ai_rate
        end as trained_shadow_ai_rate,
        case
            when not is_training_split_suppressed
                then untrained_shadow_ai_people
        end as untrained_shadow_ai_people,
        case
            when not is_training_split_suppressed then untrained_shadow_ai_rate
        end as untrained_shadow_ai_rate,
        case
            when not is_training_split_suppressed then reverted_people
        end as reverted_people,
        case
            when not is_training_split_suppressed then reverted_rate
        end as reverted_rate
    from rated
)

select * from final
