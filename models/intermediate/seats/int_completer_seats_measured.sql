-- One row per completer x program x target tool (program_tools) whose seat
-- the completer held on day 90 after completion (int_seat_spells): is day
-- 90 observed, was the person employed that day, and was the seat idle at
-- day 90 = no active day on the tool in days 61..90 (the MAU@90 window).
-- The seat's monthly price comes with it: what the idle seat costs a month.
with

completers as (
    select * from {{ ref('int_completer_windows_measured') }}
),

program_tools as (
    select * from {{ ref('program_tools') }}
),

spells as (
    select * from {{ ref('int_seat_spells') }}
),

activity_days as (
    select * from {{ ref('int_activity_days') }}
),

licences as (
    select * from {{ ref('ai_tool_licences') }}
),

day_90 as (
    select
        *,
        cast({{ dbt.dateadd('day', 90, 'completed_date') }} as date)
            as day_90_date
    from completers
),

seat_holders as (
    select distinct
        day_90.employee_id,
        day_90.program_id,
        program_tools.tool_id,
        day_90.completed_date,
        day_90.day_90_date,
        day_90.is_day_90_observed,
        day_90.is_employed_day_90
    from day_90
    inner join program_tools
        on day_90.program_id = program_tools.program_id
    inner join spells
        on
            day_90.employee_id = spells.employee_id
            and program_tools.tool_id = spells.tool_id
            and day_90.day_90_date
            between spells.seat_from_date and spells.seat_to_date
),

recent_use as (
    select distinct
        seat_holders.employee_id,
        seat_holders.program_id,
        seat_holders.tool_id
    from seat_holders
    inner join activity_days
        on
            seat_holders.employee_id = activity_days.employee_id
            and seat_holders.tool_id = activity_days.tool_id
            and activity_days.activity_date
            between {{ dbt.dateadd('day', 61, 'seat_holders.completed_date') }}
            and seat_holders.day_90_date
),

final as (
    select
        seat_holders.employee_id,
        seat_holders.program_id,
        seat_holders.tool_id,
        seat_holders.completed_date,
        seat_holders.is_day_90_observed,
        seat_holders.is_employed_day_90,
        licences.seat_price_usd_per_month,
        recent_use.employee_id is null as is_idle_day_90
    from seat_holders
    inner join licences
        on seat_holders.tool_id = licences.tool_id
    left join recent_use
        on
            seat_holders.employee_id = recent_use.employee_id
            and seat_holders.program_id = recent_use.program_id
            and seat_holders.tool_id = recent_use.tool_id
)

select * from final
