-- Every record read from the HRIS snapshot files, parsed, validated and given
-- a _row_status (see base_hris__workers_unerased), with erasure requests
-- applied: a requested person's records are 'erased', and a colleague's
-- record that names them as manager keeps its fields but not the raw line
-- or the manager id. stg_hris__workers, stg_hris__previous_emails and the
-- _rejected companion read it.
with

all_records as (
    select * from {{ ref('base_hris__workers_unerased') }}
),

{{ erase_requested_records(
    'all_records',
    subject_column='employee_id',
    redact_columns=['manager_employee_id']
) }},

final as (
    select * from with_erasure
)

-- The columns are those of the ephemeral base_hris__workers_unerased, which
-- sqlfluff cannot see through.
select * from final  -- noqa: AM04
