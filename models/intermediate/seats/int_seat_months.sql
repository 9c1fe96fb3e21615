-- One row per employee x per-seat tool x calendar month of the observation
-- window in which the employee held a seat of the tool (int_seat_spells)
-- on at least one observed day. A month's days outside the observation
-- window are left out (the first and last month may be partial). The seat
-- is idle in the month when no active day on the tool (int_activity_days,
-- any channel) falls on a day it was held. Its cost is the seat price for
-- the days held: seat_price_usd_per_month x held days / days in the month.
-- Organization: in force on the last day held in the month; trained: a
-- completed program that targets the tool before the month starts.
with

spells as (
    select * from {{ ref('int_seat_spells') }}
),

activity_days as (
    select * from {{ ref('int_activity_days') }}
),

observation_window as (
    select * from {{ ref('int_observed_days_bounded') }}
),

history as (
    select * from {{ ref('int_employees_history') }}
),

enrollments as (
    select * from {{ ref('int_program_enrollments_collapsed') }}
),

program_tools as (
    select * from {{ ref('program_tools') }}
),

licences as (
    select * from {{ ref('ai_tool_licences') }}
),

months as (
    select * from ({{ observed_months('observation_window') }}) as observed
),

held as (
    select
        spells.employee_id,
        spells.tool_id,
        months.month_start_date,
        months.days_in_month,
        greatest(spells.seat_from_date, months.observed_from_date)
            as held_from_date,
        least(spells.seat_to_date, months.observed_to_date) as held_to_date
    from spells
    inner join months
        on
            spells.seat_from_date <= months.observed_to_date
            and spells.seat_to_date >= months.observed_from_date
),

held_active as (
    select
        held.employee_id,
        held.tool_id,
        held.month_start_date,
        count(distinct activity_days.activity_date) as active_day_count
    from held
    inner join activity_days
        on
            held.employee_id = activity_days.employee_id
            and held.tool_id = activity_days.tool_id
            and activity_days.activity_date
            between held.held_from_date and held.held_to_date
    group by held.employee_id, held.tool_id, held.month_start_date
),

held_days as (
    select
        *,
        {{ dbt.datediff('held_from_date', 'held_to_date', 'day') }}
        + 1 as held_day_count
    from held
),

seat_months as (
    select
        employee_id,
        tool_id,
        month_start_date,
        max(days_in_month) as days_in_month,
        sum(held_day_count) as held_day_count,
        max(held_to_date) as last_held_date
    from held_days
    group by employee_id, tool_id, month_start_date
),

trained as (
    select
        enrollments.employee_id,
        program_tools.tool_id,
        min(enrollments.completed_date) as first_completed_date
    from enrollments
    inner join program_tools
        on enrollments.program_id = program_tools.program_id
    where enrollments.is_completed
    group by enrollments.employee_id, program_tools.tool_id
),

final as (
    select
        seat_months.employee_id,
        seat_months.tool_id,
        seat_months.month_start_date,
        coalesce(history.organization, '(unknown)') as organization,
        coalesce(
            trained.first_completed_date < seat_months.month_start_date,
            false
        ) as is_trained,
        cast(seat_months.held_day_count as {{ dbt.type_int() }})
            as held_day_count,
        cast(
            coalesce(held_active.active_day_count, 0) as {{ dbt.type_int() }}
        ) as active_day_count,
        held_active.active_day_count is null as is_idle,
        licences.seat_price_usd_per_month
        * seat_months.held_day_count
        / seat_months.days_in_month as seat_cost_usd
    from seat_months
    inner join licences
        on seat_months.tool_id = licences.tool_id
    left join held_active
        on
            seat_months.employee_id = held_active.employee_id
            and seat_months.tool_id = held_active.tool_id
            and seat_months.month_start_date = held_active.month_start_date
    left join history
        on
            seat_months.employee_id = history.employee_id
            and {{ valid_at('history', 'seat_months.last_held_date') }}
    left join trained
        on
            seat_months.employee_id = trained.employee_id
            and seat_months.tool_id = trained.tool_id
)

select * from final
