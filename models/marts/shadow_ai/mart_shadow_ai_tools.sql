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
-- the total). Counted and suppressed in
-- int_shadow_ai_organization_weeks_counted.
with

tool_weeks as (
    select * from {{ ref('int_shadow_ai_organization_weeks_counted') }}
),

final as (
    select
        organization,
        week_start_date,
        tool_id,
        cast(employed_people as {{ dbt.type_bigint() }}) as employed_people,
        is_suppressed,
        is_training_split_suppressed,
        cast(shadow_ai_people as {{ dbt.type_bigint() }}) as shadow_ai_people,
        shadow_ai_rate,
        cast(trained_people as {{ dbt.type_bigint() }}) as trained_people,
        cast(trained_shadow_ai_people as {{ dbt.type_bigint() }})
            as trained_shadow_ai_people,
        trained_shadow_ai_rate,
        cast(ambiguous_ai_people as {{ dbt.type_bigint() }})
            as ambiguous_ai_people
    from tool_weeks
    where tool_id is not null
)

select * from final
