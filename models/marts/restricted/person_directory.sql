-- Who a person_key is: for the few who may see names (schema restricted,
-- never granted to BI users). One row per person in the HRIS, with the
-- current HR record; the name is the one source systems show most often.
with

history as (
    select * from {{ ref('int_employees_history') }}
),

names as (
    select * from {{ ref('int_person_names_observed') }}
),

current_version as (
    select * from history
    where is_current
),

ranked_names as (
    select
        employee_id,
        display_name,
        row_number() over (
            partition by employee_id
            order by observation_count desc, display_name asc
        ) as name_rank
    from names
),

final as (
    select
        {{ person_key('current_version.employee_id') }} as person_key,
        current_version.employee_id,
        ranked_names.display_name as full_name,
        current_version.work_email,
        current_version.upn,
        current_version.network_login,
        current_version.organization,
        current_version.function_type,
        current_version.manager_employee_id,
        case
            when current_version.manager_employee_id is not null
                then {{ person_key('current_version.manager_employee_id') }}
        end as manager_person_key,
        current_version.employment_status = 'active' as is_employed
    from current_version
    left join ranked_names
        on
            current_version.employee_id = ranked_names.employee_id
            and ranked_names.name_rank = 1
)

select * from final
