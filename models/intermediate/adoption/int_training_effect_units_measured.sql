-- The units of the training-effect difference-in-differences (DESIGN.md,
-- "Trained vs untrained"; estimator in mart_training_effect): one row per
-- (program, cycle, anchor week, employee) with unit_role treated | control:
-- the unit's weekly active use of the program's target tools before and
-- after the anchor week, its depth (days of use per week), and their change.
--
-- The candidates (int_training_effect_candidates_matched) whose pre and post
-- weeks were all measured (int_training_effect_windows_measured); controls
-- only of cells that kept a treated unit.
--
-- Common support: a treated unit whose cell has no control is left out.
{%- set pre_weeks = var('training_effect_pre_weeks', 4) %}
{%- set post_weeks = var('training_effect_post_weeks', 12) %}
{{ config(materialized='table') }}

with

candidates as (
    select * from {{ ref('int_training_effect_candidates_matched') }}
),

windows as (
    select * from {{ ref('int_training_effect_windows_measured') }}
),

measured as (
    select
        candidates.*,
        windows.pre_active_weeks,
        windows.post_active_weeks,
        windows.pre_active_days,
        windows.post_active_days
    from candidates
    inner join windows
        on
            candidates.employee_id = windows.employee_id
            and candidates.program_id = windows.program_id
            and candidates.anchor_week_start_date
            = windows.anchor_week_start_date
),

treated_cells as (
    select distinct
        program_id,
        cycle_start_date,
        anchor_week_start_date,
        organization,
        level_designation
    from measured
    where unit_role = 'treated'
),

control_units as (
    select measured.*
    from measured
    inner join treated_cells
        on
            measured.program_id = treated_cells.program_id
            and measured.cycle_start_date = treated_cells.cycle_start_date
            and measured.anchor_week_start_date
            = treated_cells.anchor_week_start_date
            and measured.organization = treated_cells.organization
            and measured.level_designation = treated_cells.level_designation
    where measured.unit_role = 'control'
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
    select measured.*
    from measured
    inner join supported_cells
        on
            measured.program_id = supported_cells.program_id
            and measured.cycle_start_date = supported_cells.cycle_start_date
            and measured.anchor_week_start_date
            = supported_cells.anchor_week_start_date
            and measured.organization = supported_cells.organization
            and measured.level_designation
            = supported_cells.level_designation
    where measured.unit_role = 'treated'
),

units as (
    select * from treated_units
    union all
    select * from control_units
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
