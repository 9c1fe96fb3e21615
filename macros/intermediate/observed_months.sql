{#-
    A query of the calendar months of the observation window
    (`observation_window`: a relation or CTE of int_observed_days_bounded), up
    to 100 of them: month_start_date,
    days_in_month, and observed_from_date .. observed_to_date, the month's
    days inside the window (the first and last month may be partial).
-#}
{% macro observed_months(observation_window) -%}
    with month_numbers as (
        select tens.digit * 10 + units.digit as month_number
        from (
            values (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)
        ) as tens (digit)
        cross join (
            values (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)
        ) as units (digit)
    ),

    month_starts as (
        select
            window_bounds.first_observed_date,
            window_bounds.last_observed_date,
            cast({{ dbt.dateadd(
                'month',
                'month_numbers.month_number',
                dbt.date_trunc('month', 'window_bounds.first_observed_date')
            ) }} as date) as month_start_date
        from {{ observation_window }} as window_bounds
        cross join month_numbers
    )

    select
        month_start_date,
        {{ dbt.datediff(
            'month_start_date',
            dbt.dateadd('month', 1, 'month_start_date'),
            'day'
        ) }} as days_in_month,
        greatest(month_start_date, first_observed_date) as observed_from_date,
        least(
            cast({{ dbt.dateadd(
                'day', -1, dbt.dateadd('month', 1, 'month_start_date')
            ) }} as date),
            last_observed_date
        ) as observed_to_date
    from month_starts
    where month_start_date <= last_observed_date
{%- endmacro %}
