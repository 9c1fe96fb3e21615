{{ config(materialized='ephemeral') }}

-- Every record read from the HRIS snapshot files, parsed, validated and given
-- a _row_status. Ephemeral, so never stored: base_hris__workers stores it
-- with erasure requests applied, and base_hris__erased_identifiers reads the
-- identifiers of the people to erase from it. A worker version is (EmployeeId,
-- EffectiveDate); the same version in several snapshots is kept once, from
-- the newest snapshot file.
with

raw_lines as (
    select * from {{ read_raw_lines(source('hris', 'workers')) }}
),

{{ parse_delimited_lines('raw_lines') }},

fields as (
    select
        parsed_lines._source_file,
        parsed_lines._source_line,
        parsed_lines.raw_line,
        parsed_lines.is_wellformed,
        {{ csv_field('EmployeeId') }} as employee_id,
        {{ csv_field('PersonId') }} as work_email,
        {{ csv_field('EffectiveDate') }} as effective_date_text,
        {{ csv_field('ManagerId') }} as manager_employee_id,
        {{ csv_field('Organization') }} as organization,
        {{ csv_field('FunctionType') }} as function_type,
        {{ csv_field('LevelDesignation') }} as level_designation,
        {{ csv_field('Location') }} as work_location,
        {{ csv_field('HireDate') }} as hire_date_text,
        {{ csv_field('TerminationDate') }} as termination_date_text,
        {{ csv_field('UPN') }} as upn,
        {{ csv_field('NetworkLogin') }} as network_login,
        {{ csv_field('PreviousEmails') }} as previous_emails
    from parsed_lines
),

typed as (
    select
        *,
        lower(work_email) as work_email_normalized,
        {{ iso_date('effective_date_text') }} as effective_date,
        {{ iso_date('hire_date_text') }} as hire_date,
        {{ iso_date('termination_date_text') }} as termination_date,
        lower(upn) as upn_normalized,
        lower(network_login) as network_login_normalized
    from fields
),

validated as (
    select
        *,
        case
            when not is_wellformed then 'malformed_csv'
            when
                employee_id is null
                or work_email is null
                or effective_date_text is null
                then 'missing_required_field'
            when
                effective_date is null
                or (hire_date_text is not null and hire_date is null)
                or (
                    termination_date_text is not null
                    and termination_date is null
                )
                then 'invalid_timestamp'
        end as _reject_reason
    from typed
),

{{ record_status(
    relation='validated',
    key=['employee_id', 'effective_date'],
    payload=[
        'work_email', 'manager_employee_id', 'organization', 'function_type',
        'level_designation', 'work_location', 'hire_date', 'termination_date',
        'upn', 'network_login', 'previous_emails'
    ],
    keep_first_order='_source_file desc, _source_line desc'
) }},

final as (
    select * from with_status
)

select * from final
