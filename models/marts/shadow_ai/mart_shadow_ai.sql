-- Question 4. Organization x week (Monday): employed people, people with
-- shadow AI use (traffic to a consumer AI host that is neither sanctioned
-- nor ambiguous), the shadow AI rate, the same split into trained and
-- untrained people, and reverted people (trained, sanctioned use stopped,
-- consumer use continued; see int_shadow_ai_weeks_classified). Traffic to
-- ambiguous hosts (chatgpt.com, claude.ai) is reported apart and is never
-- counted as shadow AI. Organization = the one in force on the person's
-- last employed, observed day of the week.
--
-- Suppression (var min_group_size): an organization-week with fewer
-- employed people keeps its keys, employed_people and is_suppressed = true;
-- every other column is null. In a shown organization-week the trained /
-- untrained split (and reverted people, a subset of the trained) is null
-- when either side has fewer people (is_training_split_suppressed), since
-- one side could be derived from the total and the other. Counted and
-- suppressed in int_shadow_ai_organization_weeks_counted.
with

organization_weeks as (
    select * from {{ ref('int_shadow_ai_organization_weeks_counted') }}
),

final as (
    select
        organization,
        week_start_date,
        week_end_date,
        is_fully_observed,
        cast(employed_people as {{ dbt.type_bigint() }}) as employed_people,
        is_suppressed,
        is_training_split_suppressed,
        cast(shadow_ai_people as {{ dbt.type_bigint() }}) as shadow_ai_people,
        shadow_ai_rate,
        cast(ambiguous_ai_people as {{ dbt.type_bigint() }})
            as ambiguous_ai_people,
        ambiguous_ai_rate,
        cast(trained_people as {{ dbt.type_bigint() }}) as trained_people,
        cast(trained_shadow_ai_people as {{ dbt.type_bigint() }})
            as trained_shadow_ai_people,
        trained_shadow_ai_rate,
        cast(untrained_people as {{ dbt.type_bigint() }}) as untrained_people,
        cast(untrained_shadow_ai_people as {{ dbt.type_bigint() }})
            as untrained_shadow_ai_people,
        untrained_shadow_ai_rate,
        cast(reverted_people as {{ dbt.type_bigint() }}) as reverted_people,
        reverted_rate
    from organization_weeks
    where tool_id is null
)

select * from final
