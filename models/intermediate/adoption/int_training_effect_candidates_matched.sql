-- The candidate units of the training-effect difference-in-differences
-- (DESIGN.md, "Trained vs untrained"), before their weeks are measured: one
-- row per (program, cycle, anchor week, employee), unit_role treated |
-- control. int_training_effect_units_measured keeps the measured ones.
--
-- Treated: a completer of the program, anchored on the Monday-based
-- calendar week of completed_date (week 0); cycle = calendar quarter of
-- completed_date; cell = (organization, level) in force on completed_date
-- (int_program_enrollments_org_joined).
--
-- Control: a person whose HR version in force on the anchor Monday has the
-- cell's organization and level, who has completed no program at all up to
-- the end of post week 12 (so neither this program nor any other: training
-- spills over, e.g. reverters stop every sanctioned tool). One row per
-- (control, program, cycle, anchor week) whatever the number of treated
-- people in the cell; a person can be a control of several anchor weeks
-- (overlapping windows). Controls are listed for the cell of every treated
-- candidate, measured or not: the weeks of both are measured in one pass
-- (int_training_effect_windows_measured).
{%- set post_weeks = var('training_effect_post_weeks', 12) %}

with

enrollments as (
    select * from {{ ref('int_program_enrollments_org_joined') }}
),

history as (
    select * from {{ ref('int_employees_history') }}
),

treated as (
    select
        program_id,
        cast(
            {{ dbt.date_trunc('quarter', 'completed_date') }} as date
        ) as cycle_start_date,
        cast(
            {{ dbt.date_trunc('week', 'completed_date') }} as date
        ) as anchor_week_start_date,
        organization_at_training as organization,
        level_at_training as level_designation,
        employee_id,
        'treated' as unit_role,
        completed_date
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

cells as (
    select distinct
        program_id,
        cycle_start_date,
        anchor_week_start_date,
        organization,
        level_designation
    from treated
),

controls as (
    select distinct
        cells.program_id,
        cells.cycle_start_date,
        cells.anchor_week_start_date,
        cells.organization,
        cells.level_designation,
        history.employee_id,
        'control' as unit_role,
        cast(null as date) as completed_date
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

final as (
    select * from treated
    union all
    select * from controls
)

select * from final
