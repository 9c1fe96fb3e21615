-- The pre and post weeks of each candidate anchor of the training effect
-- (int_training_effect_candidates_matched): one row per (employee, program,
-- anchor week) whose weeks were all measured, with the weeks in which the
-- person was active on a target tool of the program and the days of use,
-- before and after.
--
-- Pre = weeks -4..-1, post = weeks 1..12 (vars training_effect_pre_weeks,
-- training_effect_post_weeks); week 0 is left out. A window is measured
-- when every pre and post week was (int_training_effect_weeks_cumulated);
-- a week without a row (not employed on an observed day) is not, and week 0
-- needs a row too.
--
-- Each sum is a difference of two running totals: pre = before week 0 minus
-- before week -4, post = through week 12 minus through week 0. Weeks -4, 0
-- and 12 have a row whenever the window is measured.
{%- set pre_weeks = var('training_effect_pre_weeks', 4) %}
{%- set post_weeks = var('training_effect_post_weeks', 12) %}
{#- the running totals read at each of the three weeks: (week, column) -#}
{%- set picked = [
    ('first', 'active_weeks_before'),
    ('first', 'active_days_before'),
    ('first', 'measured_weeks_before'),
    ('anchor', 'active_weeks_before'),
    ('anchor', 'active_weeks_through'),
    ('anchor', 'active_days_before'),
    ('anchor', 'active_days_through'),
    ('anchor', 'measured_weeks_before'),
    ('anchor', 'measured_weeks_through'),
    ('last', 'active_weeks_through'),
    ('last', 'active_days_through'),
    ('last', 'measured_weeks_through'),
] %}

with

candidates as (
    select * from {{ ref('int_training_effect_candidates_matched') }}
),

program_weeks as (
    select * from {{ ref('int_training_effect_weeks_cumulated') }}
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

-- The three weeks each anchor reads: week -4, week 0 and week 12.
anchor_weeks as (
    select
        anchors.employee_id,
        anchors.program_id,
        anchors.anchor_week_start_date,
        week_roles.week_role,
        case week_roles.week_role
            when 'first' then anchors.first_week_start_date
            when 'anchor' then anchors.anchor_week_start_date
            else anchors.last_week_start_date
        end as week_start_date
    from anchors
    cross join (
        values ('first'), ('anchor'), ('last')
    ) as week_roles (week_role)
),

-- One join and one pass over the running totals (three joins read them,
-- and recomputed them, three times), pivoted back to a row per anchor.
anchor_totals as (
    select
        anchor_weeks.employee_id,
        anchor_weeks.program_id,
        anchor_weeks.anchor_week_start_date,
        {% for role, column in picked %}
            max(
                case
                    when anchor_weeks.week_role = '{{ role }}'
                        then program_weeks.{{ column }}
                end
            ) as {{ role }}_{{ column }},
        {% endfor %}
        count(*) as weeks_found
    from anchor_weeks
    inner join program_weeks
        on
            anchor_weeks.employee_id = program_weeks.employee_id
            and anchor_weeks.program_id = program_weeks.program_id
            and anchor_weeks.week_start_date = program_weeks.week_start_date
    group by
        anchor_weeks.employee_id,
        anchor_weeks.program_id,
        anchor_weeks.anchor_week_start_date
),

final as (
    select
        employee_id,
        program_id,
        anchor_week_start_date,
        anchor_active_weeks_before
        - first_active_weeks_before as pre_active_weeks,
        last_active_weeks_through
        - anchor_active_weeks_through as post_active_weeks,
        anchor_active_days_before
        - first_active_days_before as pre_active_days,
        last_active_days_through
        - anchor_active_days_through as post_active_days
    from anchor_totals
    where
        -- all three weeks have a row, and every week between was measured
        weeks_found = 3
        and anchor_measured_weeks_before
        - first_measured_weeks_before = {{ pre_weeks }}
        and last_measured_weeks_through
        - anchor_measured_weeks_through = {{ post_weeks }}
)

select * from final
