-- What the seats cost: per per-seat AI tool x calendar month x organization,
-- the seats held, those with an active day, the idle ones and their cost,
-- split into trained and untrained holders (int_seat_months has the rules).
--
-- Suppression (var min_group_size): organizations holding fewer seats of a
-- tool in a month are pooled into one '(smaller organizations)' row, so
-- that totals still add up; a pool that is still too small keeps its keys,
-- seats_held and is_suppressed = true, every other column null. The
-- trained / untrained split is null when either side is too small.
{% set min_group_size = var('min_group_size') %}

with

seat_months as (
    select * from {{ ref('int_seat_months') }}
),

org_sizes as (
    select
        tool_id,
        month_start_date,
        organization,
        count(*) < {{ min_group_size }} as is_pooled
    from seat_months
    group by tool_id, month_start_date, organization
),

grouped as (
    select
        seat_months.*,
        org_sizes.is_pooled,
        case
            when org_sizes.is_pooled then '(smaller organizations)'
            else seat_months.organization
        end as organization_group
    from seat_months
    inner join org_sizes
        on
            seat_months.tool_id = org_sizes.tool_id
            and seat_months.month_start_date = org_sizes.month_start_date
            and seat_months.organization = org_sizes.organization
),

counted as (
    select
        tool_id,
        month_start_date,
        organization_group as organization,
        max(case when is_pooled then 1 else 0 end) = 1 as is_pooled,
        count(*) as seats_held,
        sum(case when is_idle then 0 else 1 end) as active_seats,
        sum(case when is_idle then 1 else 0 end) as idle_seats,
        sum(seat_cost_usd) as seat_cost_usd,
        sum(case when is_idle then seat_cost_usd else 0 end) as idle_cost_usd,
        sum(case when is_trained then 1 else 0 end) as trained_seats,
        sum(case when is_trained and is_idle then 1 else 0 end)
            as trained_idle_seats,
        sum(case when is_trained and is_idle then seat_cost_usd else 0 end)
            as trained_idle_cost_usd,
        sum(case when is_trained then 0 else 1 end) as untrained_seats,
        sum(case when not is_trained and is_idle then 1 else 0 end)
            as untrained_idle_seats,
        sum(
            case when not is_trained and is_idle then seat_cost_usd else 0 end
        ) as untrained_idle_cost_usd
    from grouped
    group by tool_id, month_start_date, organization_group
),

flagged as (
    select
        *,
        seats_held < {{ min_group_size }} as is_suppressed,
        seats_held < {{ min_group_size }}
        or trained_seats < {{ min_group_size }}
        or untrained_seats < {{ min_group_size }}
            as is_training_split_suppressed
    from counted
),

final as (
    select
        tool_id,
        month_start_date,
        organization,
        is_pooled,
        is_suppressed,
        is_training_split_suppressed,
        cast(seats_held as {{ dbt.type_bigint() }}) as seats_held,
        {% for column in ['active_seats', 'idle_seats'] %}
            case
                when not is_suppressed
                    then cast({{ column }} as {{ dbt.type_bigint() }})
            end as {{ column }},
        {% endfor %}
        case
            when not is_suppressed
                then cast(idle_seats as {{ type_double() }}) / seats_held
        end as idle_seat_rate,
        {% for column in ['seat_cost_usd', 'idle_cost_usd'] %}
            case
                when not is_suppressed
                    then cast({{ column }} as {{ type_double() }})
            end as {{ column }},
        {% endfor %}
        {% for column in [
            'trained_seats', 'trained_idle_seats',
            'untrained_seats', 'untrained_idle_seats',
        ] %}
            case
                when not is_training_split_suppressed
                    then cast({{ column }} as {{ dbt.type_bigint() }})
            end as {{ column }},
        {% endfor %}
        case
            when not is_training_split_suppressed
                then cast(trained_idle_cost_usd as {{ type_double() }})
        end as trained_idle_cost_usd,
        case
            when not is_training_split_suppressed
                then cast(untrained_idle_cost_usd as {{ type_double() }})
        end as untrained_idle_cost_usd
    from flagged
)

select * from final
