-- One row per person: the current HR facts, pseudonymous. No name, e-mail,
-- UPN or login (those are in restricted.person_directory).
with

history as (
    select * from {{ ref('int_employees_history') }}
),

spells as (
    select * from {{ ref('int_employment_spells') }}
),

current_version as (
    select * from history
    where is_current
),

employment as (
    select
        employee_id,
        min(hire_date) as first_hire_date,
        count(*) as spell_count,
        max(case when is_open then 1 else 0 end) = 1 as is_employed
    from spells
    group by employee_id
),

final as (
    select
        {{ person_key('current_version.employee_id') }} as person_key,
        case
            when current_version.manager_employee_id is not null
                then {{ person_key('current_version.manager_employee_id') }}
        end as manager_person_key,
        current_version.organization,
        current_version.function_type,
        current_version.level_designation,
        current_version.work_location,
        current_version.hire_date as current_spell_hire_date,
        current_version.termination_date,
        employment.first_hire_date,
        employment.spell_count,
        employment.is_employed
    from current_version
    inner join employment
        on current_version.employee_id = employment.employee_id
)

select * from final
