-- One row per person and calendar week (Monday to Sunday) of the
-- observation window in which the person was employed on at least one
-- observed day. The person-week spine under int_activity_weeks_spined and
-- int_shadow_ai_weeks_spined, so that weeks without any use are rows too
-- and weekly rates get the right denominators. Employment spells are
-- inclusive (hire_date .. termination_date); a rehire inside a week adds
-- its days to the same week. The first and last week may be observed in
-- part only (observed_day_count < 7).
with

spells as (
    select * from {{ ref('int_employment_spells') }}
),

observation_window as (
    select * from {{ ref('int_observed_days_bounded') }}
),

digits as (
    select digit_values.digit
    from (
        values (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)
    ) as digit_values (digit)
),

week_numbers as (
    select
        thousands.digit * 1000
        + hundreds.digit * 100
        + tens.digit * 10
        + units.digit as week_number
    from digits as thousands
    cross join digits as hundreds
    cross join digits as tens
    cross join digits as units
),

window_weeks as (
    select
        first_observed_date,
        last_observed_date,
        cast(
            {{ dbt.date_trunc('week', 'first_observed_date') }} as date
        ) as first_week_start_date,
        cast(
            {{ dbt.date_trunc('week', 'last_observed_date') }} as date
        ) as last_week_start_date
    from observation_window
),

weeks as (
    select
        window_weeks.first_observed_date,
        window_weeks.last_observed_date,
        cast(
            {{ dbt.dateadd(
                'day',
                '7 * week_numbers.week_number',
                'window_weeks.first_week_start_date'
            ) }} as date
        ) as week_start_date,
        cast(
            {{ dbt.dateadd(
                'day',
                '7 * week_numbers.week_number + 6',
                'window_weeks.first_week_start_date'
            ) }} as date
        ) as week_end_date
    from window_weeks
    cross join week_numbers
    where
        7 * week_numbers.week_number
        <= {{ dbt.datediff(
            'window_weeks.first_week_start_date',
            'window_weeks.last_week_start_date',
            'day'
        ) }}
),

spell_weeks as (
    select
        spells.employee_id,
        weeks.week_start_date,
        weeks.week_end_date,
        greatest(weeks.week_start_date, weeks.first_observed_date)
            as observed_from_date,
        least(weeks.week_end_date, weeks.last_observed_date)
            as observed_to_date,
        greatest(weeks.week_start_date, spells.hire_date) as employed_from_date,
        least(
            weeks.week_end_date,
            coalesce(spells.termination_date, weeks.week_end_date)
        ) as employed_to_date
    from spells
    inner join weeks
        on
            spells.hire_date <= weeks.week_end_date
            and (
                spells.termination_date is null
                or spells.termination_date >= weeks.week_start_date
            )
),

spell_week_days as (
    select
        employee_id,
        week_start_date,
        week_end_date,
        {{ dbt.datediff('observed_from_date', 'observed_to_date', 'day') }}
        + 1 as observed_day_count,
        {{ dbt.datediff('employed_from_date', 'employed_to_date', 'day') }}
        + 1 as employed_day_count,
        greatest(
            {{ dbt.datediff(
                'greatest(employed_from_date, observed_from_date)',
                'least(employed_to_date, observed_to_date)',
                'day'
            ) }} + 1,
            0
        ) as employed_observed_day_count
    from spell_weeks
),

employee_weeks as (
    select
        employee_id,
        week_start_date,
        week_end_date,
        min(observed_day_count) as observed_day_count,
        sum(employed_day_count) as employed_day_count,
        sum(employed_observed_day_count) as employed_observed_day_count
    from spell_week_days
    group by employee_id, week_start_date, week_end_date
),

final as (
    select
        employee_id,
        week_start_date,
        week_end_date,
        observed_day_count,
        employed_day_count,
        employed_observed_day_count,
        employed_day_count = 7 as is_employed_all_week,
        observed_day_count = 7 as is_fully_observed
    from employee_weeks
    where employed_observed_day_count > 0
)

select * from final
