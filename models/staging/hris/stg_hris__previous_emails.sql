with

parsed as (
    select * from {{ ref('base_hris__workers') }}
),

staged_workers as (
    select
        employee_id,
        effective_date,
        previous_emails,
        _source_file,
        _source_line
    from parsed
    where _row_status = 'staged'
),

-- PreviousEmails is a ';'-separated list; blanks around and between the
-- items are not addresses.
addresses as (
    select
        staged_workers.employee_id,
        staged_workers.effective_date,
        previous_email_items.item_index,
        staged_workers._source_file,
        staged_workers._source_line,
        trim(previous_email_items.item) as previous_email,
        lower(trim(previous_email_items.item)) as previous_email_normalized
    from staged_workers
    {{ delimited_text_rows(
        'staged_workers.previous_emails', ';', 'previous_email_items'
    ) }}
),

-- One row per address: an address listed twice keeps its first position.
numbered as (
    select
        *,
        row_number() over (
            partition by employee_id, effective_date, previous_email_normalized
            order by item_index
        ) as address_occurrence
    from addresses
    where previous_email_normalized <> ''
),

final as (
    select
        employee_id,
        effective_date,
        previous_email,
        previous_email_normalized,
        _source_file,
        _source_line
    from numbered
    where address_occurrence = 1
)

select * from final
