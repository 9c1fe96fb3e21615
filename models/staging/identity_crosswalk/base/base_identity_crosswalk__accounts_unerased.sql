{{ config(materialized='ephemeral') }}

-- Every record read from the identity crosswalk files, parsed, validated and
-- given a _row_status. Ephemeral, so never stored: base_identity_crosswalk__
-- accounts stores it with erasure requests applied, and
-- base_hris__erased_identifiers finds in it the accounts of the people to
-- erase. The key is the whole row: two rows that give one
-- (system, id) to different people are both staged, so that resolution
-- sees two candidates and calls it ambiguous instead of keeping either.
with

raw_lines as (
    select * from {{ read_raw_lines(source('identity_crosswalk', 'accounts')) }}
),

{{ parse_delimited_lines('raw_lines') }},

typed as (
    select
        parsed_lines._source_file,
        parsed_lines._source_line,
        parsed_lines.raw_line,
        parsed_lines.is_wellformed,
        lower({{ csv_field('System') }}) as system_name,
        {{ csv_field('Id') }} as account_id,
        {{ csv_field('EmployeeId') }} as employee_id,
        {{ csv_field('Email') }} as email,
        lower({{ csv_field('Email') }}) as email_normalized
    from parsed_lines
),

validated as (
    select
        *,
        case
            when not is_wellformed then 'malformed_csv'
            when
                system_name is null
                or account_id is null
                or (employee_id is null and email is null)
                then 'missing_required_field'
            when email is not null and email not like '%_@_%'
                then 'invalid_email'
        end as _reject_reason
    from typed
),

{{ record_status(
    relation='validated',
    key=['system_name', 'account_id', 'employee_id', 'email_normalized'],
    payload=['system_name', 'account_id', 'employee_id', 'email_normalized'],
    keep_first_order='_source_file desc, _source_line desc'
) }},

final as (
    select * from with_status
)

select * from final
