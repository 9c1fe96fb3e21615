-- What the certification gap costs: per program x cohort month (of
-- completion) x target tool, the completers who held the tool's seat on
-- day 90 after completion (day 90 observed, still employed), those whose
-- seat was idle at day 90 (no day of use in days 61..90) and what the idle
-- seats cost a month (int_completer_seats_measured). Groups with fewer seat
-- holders than var('min_group_size') keep their keys, seat_holders and
-- is_suppressed = true; every other column is null.
{% set min_group_size = var('min_group_size') %}

with

seats as (
    select * from {{ ref('int_completer_seats_measured') }}
),

counted as (
    select
        program_id,
        cast(
            {{ dbt.date_trunc('month', 'completed_date') }} as date
        ) as cohort_month,
        tool_id,
        count(*) as seat_holders,
        sum(case when is_idle_day_90 then 1 else 0 end) as idle_seat_holders,
        sum(
            case when is_idle_day_90 then seat_price_usd_per_month else 0 end
        ) as idle_cost_usd_per_month
    from seats
    where is_day_90_observed and is_employed_day_90
    group by 1, 2, 3
),

final as (
    select
        program_id,
        cohort_month,
        tool_id,
        seat_holders < {{ min_group_size }} as is_suppressed,
        cast(seat_holders as {{ dbt.type_bigint() }}) as seat_holders,
        case
            when seat_holders >= {{ min_group_size }}
                then cast(idle_seat_holders as {{ dbt.type_bigint() }})
        end as idle_seat_holders,
        case
            when seat_holders >= {{ min_group_size }}
                then
                    cast(idle_seat_holders as {{ type_double() }})
                    / seat_holders
        end as idle_seat_holder_rate,
        case
            when seat_holders >= {{ min_group_size }}
                then cast(idle_cost_usd_per_month as {{ type_double() }})
        end as idle_cost_usd_per_month
    from counted
)

select * from final
