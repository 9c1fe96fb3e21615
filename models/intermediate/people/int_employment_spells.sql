-- One row per continuous employment of a person: hire to termination
-- (inclusive: HR's termination date is the last day worked). A rehire is a
-- new spell. "Still employed on day N" is a lookup here.
with

history as (
    select * from {{ ref('int_employees_history') }}
),

final as (
    select
        employee_id,
        spell_number,
        min(hire_date) as hire_date,
        max(termination_date) as termination_date,
        min(valid_from) as first_valid_from,
        max(termination_date) is null as is_open
    from history
    group by employee_id, spell_number
)

select * from final
