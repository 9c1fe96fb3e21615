with

parsed as (
    select * from {{ ref('base_hris__workers') }}
),

final as (
    select
        employee_id,
        effective_date,
        work_email,
        work_email_normalized,
        manager_employee_id,
        organization,
        function_type,
        level_designation,
        work_location,
        hire_date,
        termination_date,
        upn,
        upn_normalized,
        network_login,
        network_login_normalized,
        has_conflicting_duplicate,
        _source_file,
        _source_line
    from parsed
    where _row_status = 'staged'
)

select * from final
