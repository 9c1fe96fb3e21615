-- The units of the training-effect difference-in-differences (DESIGN.md,
-- "Trained vs untrained"; estimator in mart_training_effect): one row per
-- (program, cycle, anchor week, employee) with unit_role treated | control:
-- the unit's weekly active use of the program's target tools before and
-- after the anchor week, and its change.
--
-- Anchor week: the Monday-based calendar week of a completion (week 0).
-- Pre = weeks -4..-1, post = weeks 1..12 (vars training_effect_pre_weeks,
-- training_effect_post_weeks); week 0 is left out. A week is active when the
-- person has an active day on any target tool (program_tools) in it. A unit
-- counts only when every pre and post week was fully observed and the person
-- employed all seven days (int_activity_weeks_spined). Depth: the days of
-- the week with use of any target tool (int_activity_days, a day counts
-- once however many tools), per week before and after.
--
-- Treated: a completer of the program, anchored on the week of completed_date;
-- cycle = calendar quarter of completed_date; cell = (organization, level) in
-- force on completed_date (int_program_enrollments_org_joined).
--
-- Control: a person whose HR version in force on the anchor Monday has the
-- cell's organization and level, who has completed no program at all up to
-- the end of post week 12 (so neither this program nor any other: training
-- spills over, e.g. reverters stop every sanctioned tool), with the same
-- calendar weeks measured. One row per (control, program, cycle, anchor week)
-- whatever the number of treated people in the cell; a person can be a
-- control of several anchor weeks (overlapping windows).
--
-- Common support: a treated unit whose cell has no control is left out.
{%- set pre_weeks = var('training_effect_pre_weeks', 4) %}
{%- set post_weeks = var('training_effect_post_weeks', 12) %}
{{ config(materialized='table') }}

with

enrollments as (
    select * from {{ ref('int_program_enrollments_org_joined') }}
),

program_tools as (
    select * from {{ ref('program_tools') }}
),

activity_weeks as (
    select * from {{ ref('int_activity_weeks_spined') }}
),

activity_days as (
    select * from {{ ref('int_activity_days') }}
),

history as (
    select * from {{ ref('int_employees_history') }}
),

program_weeks as (
    select
        activity_weeks.employee_id,
        program_tools.program_id,
        activity_weeks.week_start_date,
        max(case when activity_weeks.is_active then 1 else 0 end)
            as is_active_week,
        min(
            case
                when
                    activity_weeks.is_fully_observed
                    and activity_weeks.is_employed_all_week
                    then 1
                else 0
            end
        ) as is_measured_week
    from activity_weeks
    inner join program_tools
        on activity_weeks.tool_id = program_tools.tool_id
    group by
        activity_weeks.employee_id,
        program_tools.program_id,
        activity_weeks.week_start_date
),

program_days as (
    select
        activity_days.employee_id,
        program_tools.program_id,
        cast(
            {{ dbt.date_trunc('week', 'activity_days.activity_date') }} as date
        ) as week_start_date,
        count(distinct activity_days.activity_date) as active_days
    from activity_days
    inner join program_tools
        on activity_days.tool_id = program_tools.tool_id
    group by
        activity_days.employee_id,
        program_tools.program_id,
        cast(
            {{ dbt.date_trunc('week', 'activity_days.activity_date') }} as date
        )
),

week_origin as (
    select min(week_start_date) as origin_week_start_date
    from program_weeks
),

numbered_weeks as (
    select
        program_weeks.employee_id,
        program_weeks.program_id,
        program_weeks.week_start_date,
        program_weeks.is_active_week,
        program_weeks.is_measured_week,
        coalesce(program_days.active_days, 0) as active_days,
        cast(
            {{ dbt.datediff(
                'week_origin.origin_week_start_date',
                'program_weeks.week_start_date',
                'day'
            ) }} / 7 as {{ dbt.type_int() }}
        ) as week_number
    from program_weeks
    cross join week_origin
    left join program_days
        on
            program_weeks.employee_id = program_days.employee_id
            and program_weeks.program_id = program_days.program_id
            and program_weeks.week_start_date = program_days.week_start_date
),

-- Missing weeks (not employed on an observed day) have no row, so the
-- windows run over week numbers (range), not rows.
windowed as (
    select
        employee_id,
        program_id,
        week_start_date,
        sum(is_active_week) over (
            partition by employee_id, program_id
            order by week_number
            range between {{ pre_weeks }} preceding and 1 preceding
        ) as pre_active_weeks,
        sum(active_days) over (
            partition by employee_id, program_id
            order by week_number
            range between {{ pre_weeks }} preceding and 1 preceding
        ) as pre_active_days,
        sum(is_measured_week) over (
            partition by employee_id, program_id
            order by week_number
            range between {{ pre_weeks }} preceding and 1 preceding
        ) as pre_measured_weeks,
        sum(is_active_week) over (
            partition by employee_id, program_id
            order by week_number
            range between 1 following and {{ post_weeks }} following
        ) as post_active_weeks,
        sum(active_days) over (
            partition by employee_id, program_id
            order by week_number
            range between 1 following and {{ post_weeks }} following
        ) as post_active_days,
        sum(is_measured_week) over (
            partition by employee_id, program_id
            order by week_number
            range between 1 following and {{ post_weeks }} following
        ) as post_measured_weeks
    from numbered_weeks
),

measured_anchors as (
    select
        employee_id,
        program_id,
        week_start_date as anchor_week_start_date,
        pre_active_weeks,
        post_active_weeks,
        pre_active_days,
        post_active_days
    from windowed
    where
        pre_measured_weeks = {{ pre_weeks }}
        and post_measured_weeks = {{ post_weeks }}
),

completers as (
    select
        employee_id,
        program_id,
        completed_date,
        cast(
            {{ dbt.date_trunc('week', 'completed_date') }} as date
        ) as anchor_week_start_date,
        cast(
            {{ dbt.date_trunc('quarter', 'completed_date') }} as date
        ) as cycle_start_date,
        organization_at_training as organization,
        level_at_training as level_designation
    from enrollments
    where
        is_completed
        and organization_at_training is not null
        and level_at_training is not null
),

first_completions as (
    select
        employee_id,
        min(completed_date) as first_completed_date
    from enrollments
    where is_completed
    group by employee_id
),

treated_candidates as (
    select
        completers.program_id,
        completers.cycle_start_date,
        completers.anchor_week_start_date,
        completers.organization,
        completers.level_designation,
        completers.employee_id,
        completers.completed_date,
        measured_anchors.pre_active_weeks,
        measured_anchors.post_active_weeks,
        measured_anchors.pre_active_days,
        measured_anchors.post_active_days
    from completers
    inner join measured_anchors
        on
            completers.employee_id = measured_anchors.employee_id
            and completers.program_id = measured_anchors.program_id
            and completers.anchor_week_start_date
            = measured_anchors.anchor_week_start_date
),

cells as (
    select distinct
        program_id,
        cycle_start_date,
        anchor_week_start_date,
        organization,
        level_designation
    from treated_candidates
),

control_candidates as (
    select distinct
        cells.program_id,
        cells.cycle_start_date,
        cells.anchor_week_start_date,
        cells.organization,
        cells.level_designation,
        history.employee_id
    from cells
    inner join history
        on
            cells.organization = history.organization
            and cells.level_designation = history.level_designation
            and {{ valid_at('history', 'cells.anchor_week_start_date') }}
    left join first_completions
        on history.employee_id = first_completions.employee_id
    where
        history.employment_status = 'active'
        and (
            first_completions.first_completed_date is null
            or first_completions.first_completed_date
            > {{ dbt.dateadd(
                'day', 7 * post_weeks + 6, 'cells.anchor_week_start_date'
            ) }}
        )
),

control_units as (
    select
        control_candidates.program_id,
        control_candidates.cycle_start_date,
        control_candidates.anchor_week_start_date,
        control_candidates.organization,
        control_candidates.level_designation,
        control_candidates.employee_id,
        measured_anchors.pre_active_weeks,
        measured_anchors.post_active_weeks,
        measured_anchors.pre_active_days,
        measured_anchors.post_active_days
    from control_candidates
    inner join measured_anchors
        on
            control_candidates.employee_id = measured_anchors.employee_id
            and control_candidates.program_id = measured_anchors.program_id
            and control_candidates.anchor_week_start_date
            = measured_anchors.anchor_week_start_date
),

supported_cells as (
    select distinct
        program_id,
        cycle_start_date,
        anchor_week_start_date,
        organization,
        level_designation
    from control_units
),

treated_units as (
    select treated_candidates.*
    from treated_candidates
    inner join supported_cells
        on
            treated_candidates.program_id = supported_cells.program_id
            and treated_candidates.cycle_start_date
            = supported_cells.cycle_start_date
            and treated_candidates.anchor_week_start_date
            = supported_cells.anchor_week_start_date
            and treated_candidates.organization = supported_cells.organization
            and treated_candidates.level_designation
            = supported_cells.level_designation
),

units as (
    select
        program_id,
        cycle_start_date,
        anchor_week_start_date,
        employee_id,
        'treated' as unit_role,
        organization,
        level_designation,
        completed_date,
        pre_active_weeks,
        post_active_weeks,
        pre_active_days,
        post_active_days
    from treated_units
    union all
    select
        program_id,
        cycle_start_date,
        anchor_week_start_date,
        employee_id,
        'control' as unit_role,
        organization,
        level_designation,
        cast(null as date) as completed_date,
        pre_active_weeks,
        post_active_weeks,
        pre_active_days,
        post_active_days
    from control_units
),

rated as (
    select
        *,
        cast(pre_active_weeks as {{ type_double() }})
        / {{ pre_weeks }} as pre_weekly_active_rate,
        cast(post_active_weeks as {{ type_double() }})
        / {{ post_weeks }} as post_weekly_active_rate,
        cast(pre_active_days as {{ type_double() }})
        / {{ pre_weeks }} as pre_active_days_per_week,
        cast(post_active_days as {{ type_double() }})
        / {{ post_weeks }} as post_active_days_per_week
    from units
),

final as (
    select
        program_id,
        cycle_start_date,
        anchor_week_start_date,
        employee_id,
        unit_role,
        unit_role = 'treated' as is_treated,
        organization,
        level_designation,
        completed_date,
        cast(pre_active_weeks as {{ dbt.type_int() }}) as pre_active_weeks,
        cast(post_active_weeks as {{ dbt.type_int() }}) as post_active_weeks,
        pre_weekly_active_rate,
        post_weekly_active_rate,
        post_weekly_active_rate
        - pre_weekly_active_rate as weekly_active_rate_change,
        pre_active_days_per_week,
        post_active_days_per_week,
        post_active_days_per_week
        - pre_active_days_per_week as active_days_per_week_change
    from rated
)

select * from final
