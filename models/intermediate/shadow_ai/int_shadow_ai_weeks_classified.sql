-- One row per person and calendar week (Monday to Sunday) of
-- int_shadow_ai_weeks_spined (employed on at least one observed day), with
-- what the shadow AI marts group and split by:
--
-- * as_of_date: the person's last day of the week that is both employed and
--   observed (the step __anchors). organization is the HR version in force
--   that day (a point-in-time join: a team change counts from the week it
--   takes effect; a leaver's last week goes to the organization they left
--   from).
-- * is_trained: a completion of any program (manager reinforcement
--   included) before the week starts (completed_date < week_start_date).
-- * is_reverted, the generator's shadow_ai.reverted_people rule rolled
--   forward week by week. Anchor = the week's last observed day
--   (week_end_date, or last_observed_date in the window's last week); the
--   person was employed that day, and with c = their first completion of a
--   regular program (not manager reinforcement), observed (c on or after
--   first_observed_date):
--     c <= anchor - 56 days,
--     a sanctioned active day (int_activity_days) in days c+1 .. c+28
--     (c and that use: the step __completions),
--     no sanctioned active day in the 28 days anchor-27 .. anchor,
--     a shadow AI day (int_shadow_ai_days.is_shadow_ai) in those 28 days.
{{ config(materialized='table') }}

with

shadow_weeks as (
    select * from {{ ref('int_shadow_ai_weeks_spined') }}
),

anchored_weeks as (
    select * from {{ ref('int_shadow_ai_weeks_classified__anchors') }}
),

completions as (
    select * from {{ ref('int_shadow_ai_weeks_classified__completions') }}
),

history as (
    select * from {{ ref('int_employees_history') }}
),

activity_days as (
    select * from {{ ref('int_activity_days') }}
),

shadow_ai_days as (
    select * from {{ ref('int_shadow_ai_days') }}
),

classified as (
    select
        anchored_weeks.employee_id,
        anchored_weeks.week_start_date,
        anchored_weeks.week_last_observed_date,
        anchored_weeks.as_of_date,
        completions.first_completed_date,
        completions.first_regular_completed_date,
        coalesce(
            completions.first_completed_date < anchored_weeks.week_start_date,
            false
        ) as is_trained,
        anchored_weeks.as_of_date = anchored_weeks.week_last_observed_date
            as is_employed_at_week_end,
        coalesce(
            anchored_weeks.as_of_date
            = anchored_weeks.week_last_observed_date
            and completions.first_regular_completed_date
            >= anchored_weeks.first_observed_date
            and completions.first_regular_completed_date
            <= {{ dbt.dateadd(
                'day', -56, 'anchored_weeks.week_last_observed_date'
            ) }}
            and completions.has_post_completion_use,
            false
        ) as is_reversion_candidate
    from anchored_weeks
    left join completions
        on anchored_weeks.employee_id = completions.employee_id
),

candidate_weeks as (
    select
        employee_id,
        week_start_date,
        week_last_observed_date,
        {{ dbt.dateadd('day', -27, 'week_last_observed_date') }}
            as trailing_start_date
    from classified
    where is_reversion_candidate
),

trailing_sanctioned_use as (
    select distinct
        candidate_weeks.employee_id,
        candidate_weeks.week_start_date
    from candidate_weeks
    inner join activity_days
        on
            candidate_weeks.employee_id = activity_days.employee_id
            and activity_days.activity_date
            between candidate_weeks.trailing_start_date
            and candidate_weeks.week_last_observed_date
),

trailing_shadow_use as (
    select distinct
        candidate_weeks.employee_id,
        candidate_weeks.week_start_date
    from candidate_weeks
    inner join shadow_ai_days
        on
            candidate_weeks.employee_id = shadow_ai_days.employee_id
            and shadow_ai_days.activity_date
            between candidate_weeks.trailing_start_date
            and candidate_weeks.week_last_observed_date
    where shadow_ai_days.is_shadow_ai
),

final as (
    select
        shadow_weeks.employee_id,
        shadow_weeks.week_start_date,
        shadow_weeks.week_end_date,
        classified.as_of_date,
        history.organization,
        classified.is_trained,
        classified.first_completed_date,
        classified.first_regular_completed_date,
        shadow_weeks.has_shadow_ai_use,
        shadow_weeks.shadow_ai_days,
        shadow_weeks.shadow_ai_tool_count,
        shadow_weeks.has_ambiguous_ai_use,
        shadow_weeks.ambiguous_ai_days,
        classified.is_employed_at_week_end,
        shadow_weeks.observed_day_count,
        shadow_weeks.is_fully_observed,
        classified.is_reversion_candidate
        and trailing_sanctioned_use.employee_id is null
        and trailing_shadow_use.employee_id is not null as is_reverted
    from shadow_weeks
    inner join classified
        on
            shadow_weeks.employee_id = classified.employee_id
            and shadow_weeks.week_start_date = classified.week_start_date
    left join history
        on
            classified.employee_id = history.employee_id
            and {{ valid_at('history', 'classified.as_of_date') }}
    left join trailing_sanctioned_use
        on
            classified.employee_id = trailing_sanctioned_use.employee_id
            and classified.week_start_date
            = trailing_sanctioned_use.week_start_date
    left join trailing_shadow_use
        on
            classified.employee_id = trailing_shadow_use.employee_id
            and classified.week_start_date = trailing_shadow_use.week_start_date
)

select * from final
