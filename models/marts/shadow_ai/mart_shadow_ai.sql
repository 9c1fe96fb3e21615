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
-- one side could be derived from the total and the other.
{% set min_group_size = var('min_group_size') %}

with

person_weeks as (
    select * from {{ ref('int_shadow_ai_weeks_classified') }}
),

counted as (
    select
        organization,
        week_start_date,
        max(week_end_date) as week_end_date,
        min(observed_day_count) as observed_day_count,
        count(*) as employed_people,
        sum(case when has_shadow_ai_use then 1 else 0 end)
            as shadow_ai_people,
        sum(case when has_ambiguous_ai_use then 1 else 0 end)
            as ambiguous_ai_people,
        sum(case when is_trained then 1 else 0 end) as trained_people,
        sum(
            case when is_trained and has_shadow_ai_use then 1 else 0 end
        ) as trained_shadow_ai_people,
        sum(case when not is_trained then 1 else 0 end) as untrained_people,
        sum(
            case when not is_trained and has_shadow_ai_use then 1 else 0 end
        ) as untrained_shadow_ai_people,
        sum(case when is_reverted then 1 else 0 end) as reverted_people
    from person_weeks
    group by organization, week_start_date
),

flagged as (
    select
        *,
        employed_people < {{ min_group_size }} as is_suppressed,
        employed_people < {{ min_group_size }}
        or trained_people < {{ min_group_size }}
        or untrained_people < {{ min_group_size }}
            as is_training_split_suppressed
    from counted
),

final as (
    select
        organization,
        week_start_date,
        week_end_date,
        observed_day_count = 7 as is_fully_observed,
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
                then cast(ambiguous_ai_people as {{ dbt.type_bigint() }})
        end as ambiguous_ai_people,
        case
            when not is_suppressed
                then
                    cast(ambiguous_ai_people as {{ type_double() }})
                    / employed_people
        end as ambiguous_ai_rate,
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
                then cast(untrained_people as {{ dbt.type_bigint() }})
        end as untrained_people,
        case
            when not is_training_split_suppressed
                then cast(
                    untrained_shadow_ai_people as {{ dbt.type_bigint() }}
                )
        end as untrained_shadow_ai_people,
        case
            when not is_training_split_suppressed
                then
                    cast(untrained_shadow_ai_people as {{ type_double() }})
                    / untrained_people
        end as untrained_shadow_ai_rate,
        case
            when not is_training_split_suppressed
                then cast(reverted_people as {{ dbt.type_bigint() }})
        end as reverted_people,
        case
            when not is_training_split_suppressed
                then
                    cast(reverted_people as {{ type_double() }})
                    / trained_people
        end as reverted_rate
    from flagged
)

select * from final
