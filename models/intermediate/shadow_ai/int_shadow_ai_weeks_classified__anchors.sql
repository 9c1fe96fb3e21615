-- Each person-week of int_shadow_ai_weeks_spined anchored on its last
-- observed day (week_end_date, or last_observed_date in the window's last
-- week), with as_of_date, the person's last day of the week that is both
-- employed and observed. A week in which the person was employed on no
-- observed day is left out. A step of int_shadow_ai_weeks_classified.
{{ config(materialized='ephemeral') }}

with

shadow_weeks as (
    select * from {{ ref('int_shadow_ai_weeks_spined') }}
),

spells as (
    select * from {{ ref('int_employment_spells') }}
),

observation_window as (
    select * from {{ ref('int_observed_days_bounded') }}
),

anchored_weeks as (
    select
        shadow_weeks.employee_id,
        shadow_weeks.week_start_date,
        observation_window.first_observed_date,
        least(
            shadow_weeks.week_end_date,
            observation_window.last_observed_date
        ) as week_last_observed_date,
        greatest(
            shadow_weeks.week_start_date,
            observation_window.first_observed_date
        ) as week_first_observed_date
    from shadow_weeks
    cross join observation_window
),

week_employment as (
    select
        anchored_weeks.employee_id,
        anchored_weeks.week_start_date,
        max(
            least(
                anchored_weeks.week_last_observed_date,
                coalesce(
                    spells.termination_date,
                    anchored_weeks.week_last_observed_date
                )
            )
        ) as as_of_date
    from anchored_weeks
    inner join spells
        on
            anchored_weeks.employee_id = spells.employee_id
            and anchored_weeks.week_last_observed_date >= spells.hire_date
            and (
                spells.termination_date is null
                or anchored_weeks.week_first_observed_date
                <= spells.termination_date
            )
    group by anchored_weeks.employee_id, anchored_weeks.week_start_date
),

final as (
    select
        anchored_weeks.employee_id,
        anchored_weeks.week_start_date,
        anchored_weeks.first_observed_date,
        anchored_weeks.week_last_observed_date,
        week_employment.as_of_date
    from anchored_weeks
    inner join week_employment
        on
            anchored_weeks.employee_id = week_employment.employee_id
            and anchored_weeks.week_start_date = week_employment.week_start_date
)

select * from final
