-- Staged records whose event time had no UTC offset, per source file: they
-- are read as UTC, which can shift them by up to a day's hours, so the
-- count is published rather than the guess trusted silently.
with

statements as (
    select * from {{ ref('stg_lrs__statements') }}
),

final as (
    select
        'lrs' as source_system,
        'timestamp' as source_field,
        _source_file,
        count(distinct statement_id) as record_count,
        min(occurred_at) as first_occurred_at,
        max(occurred_at) as last_occurred_at
    from statements
    where is_timestamp_offset_missing
    group by _source_file
)

select * from final
