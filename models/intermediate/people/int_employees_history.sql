-- One row per version of a worker's HR record (SCD2): what was true from
-- valid_from (inclusive) until valid_to (exclusive, null while current).
-- Join it with valid_at() to get, e.g., the manager at the time of training.
with

workers as (
    select * from {{ ref('stg_hris__workers') }}
),

versioned as (
    select
        employee_id,
        effective_date as valid_from,
        work_email_normalized as work_email,
        upn_normalized as upn,
        network_login_normalized as network_login,
        manager_employee_id,
        organization,
        function_type,
        level_designation,
        work_location,
        hire_date,
        termination_date,
        lead(effective_date) over (
            partition by employee_id order by effective_date
        ) as valid_to,
        -- A new hire date opens a new employment spell (a rehire).
        case
            when
                lag(hire_date) over (
                    partition by employee_id order by effective_date
                ) is null
                or hire_date
                <> lag(hire_date) over (
                    partition by employee_id order by effective_date
                )
                then 1
            else 0
        end as is_new_spell
    from workers
),

final as (
    select
        employee_id,
        valid_from,
        valid_to,
        work_email,
        upn,
        network_login,
        manager_employee_id,
        organization,
        function_type,
        level_designation,
        work_location,
        hire_date,
        termination_date,
        valid_to is null as is_current,
        sum(is_new_spell) over (
            partition by employee_id
            order by valid_from
            rows between unbounded preceding and current row
        ) as spell_number,
        case
            when termination_date is not null and termination_date < valid_from
                then 'terminated'
            else 'active'
        end as employment_status
    from versioned
)

select * from final
