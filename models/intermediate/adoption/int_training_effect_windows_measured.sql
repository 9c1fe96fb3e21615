-- The pre and post weeks of each candidate anchor of the training effect
-- (int_training_effect_candidates_matched): one row per (employee, program,
-- anchor week) whose weeks were all measured, with the weeks in which the
-- person was active on a target tool of the program and the days of use,
-- before and after.
--
-- Pre = weeks -4..-1, post = weeks 1..12 (vars training_effect_pre_weeks,
-- training_effect_post_weeks); week 0 is left out. A window is measured
-- when every pre and post week was (int_program_weeks_cumulated); a week
-- without a row (not employed on an observed day) is not, and week 0 needs
-- a row too.
--
-- Each sum is a difference of two running totals: pre = before week 0 minus
-- before week -4, post = through week 12 minus through week 0. Weeks -4, 0
-- and 12 have a row whenever the window is measured.
{%- set pre_weeks = var('training_effect_pre_weeks', 4) %}
{%- set post_weeks = var('training_effect_post_weeks', 12) %}

with

candidates as (
    select * from {{ ref('int_training_effect_candidates_matched') }}
),

program_weeks as (
    select * from {{ ref('int_program_weeks_cumulated') }}
),

anchors as (
    select distinct
        employee_id,
        program_id,
        anchor_week_start_date,
        cast({{ dbt.dateadd(
            'day', -7 * pre_weeks, 'anchor_week_start_date'
        ) }} as date) as first_week_start_date,
        cast({{ dbt.dateadd(
            'day', 7 * post_weeks, 'anchor_week_start_date'
        ) }} as date) as last_week_start_date
    from candidates
),

final as (
    select
        anchors.employee_id,
        anchors.program_id,
        anchors.anchor_week_start_date,
        anchor_week.active_weeks_before
        - first_week.active_weeks_before as pre_active_weeks,
        last_week.active_weeks_through
        - anchor_week.active_weeks_through as post_active_weeks,
        anchor_week.active_days_before
        - first_week.active_days_before as pre_active_days,
        last_week.active_days_through
        - anchor_week.active_days_through as post_active_days
    from anchors
    inner join program_weeks as first_week
        on
            anchors.employee_id = first_week.employee_id
            and anchors.program_id = first_week.program_id
            and anchors.first_week_start_date = first_week.week_start_date
    inner join program_weeks as anchor_week
        on
            anchors.employee_id = anchor_week.employee_id
            and anchors.program_id = anchor_week.program_id
            and anchors.anchor_week_start_date = anchor_week.week_start_date
    inner join program_weeks as last_week
        on
            anchors.employee_id = last_week.employee_id
            and anchors.program_id = last_week.program_id
            and anchors.last_week_start_date = last_week.week_start_date
    where
        anchor_week.measured_weeks_before
        - first_week.measured_weeks_before = {{ pre_weeks }}
        and last_week.measured_weeks_through
        - anchor_week.measured_weeks_through = {{ post_weeks }}
)

select * from final
