-- One row per person x sanctioned tool x week (Monday) of employment,
-- including weeks without use.
with

weeks as (
    select * from {{ ref('int_activity_weeks_spined') }}
),

final as (
    select
        {{ person_key('employee_id') }} as person_key,
        tool_id,
        week_start_date,
        active_days,
        is_active
    from weeks
)

select * from final
