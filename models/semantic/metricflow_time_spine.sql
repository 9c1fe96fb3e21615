-- One row per calendar day: the time spine MetricFlow (dbt-metricflow, `mf`)
-- needs to resolve metric_time and to fill or window metrics. The default
-- range covers the sample data (2026) and any export from 2020 through
-- 2035; vars time_spine_start_date (first day) and time_spine_end_date (the
-- day after the last, as in dbt.date_spine) widen it.
{% set start_date = var('time_spine_start_date', '2020-01-01') %}
{% set end_date = var('time_spine_end_date', '2036-01-01') %}

with

days as (
    {{ dbt.date_spine(
        'day',
        "cast('" ~ start_date ~ "' as date)",
        "cast('" ~ end_date ~ "' as date)"
    ) }}
),

final as (
    select cast(date_day as date) as date_day
    from days
)

select * from final
