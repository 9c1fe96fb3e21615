-- Every record read from the Copilot usage reports (one per user and
-- download), parsed and validated (in
-- base_m365_copilot__usage_user_detail__parsed) and given a _row_status;
-- stg_m365_copilot__app_activity (one row per app) and its _rejected
-- companion split it. App columns: any (the report-level
-- Last Activity Date), teams, word, excel, powerpoint, outlook, onenote,
-- loop and copilot_chat.
-- A table, rebuilt whole on every build from the parsed records (kept by
-- __parsed with dbt's microbatch), because what it decides spans files:
-- which download of a refresh date is current (a later download restates
-- it), and erasure, which also reaches back into __parsed (post-hook).
{{ config(
    post_hook="{{ erase_loaded_rows(
        ref('base_m365_copilot__usage_user_detail__parsed'),
        ['_source_file', '_source_line', 'file_date', '_source_file_size',
            '_source_file_modified_epoch']
    ) }}",
) }}

with

-- Line -1 is __parsed's record of the file itself, not a record.
parsed as (
    select * from {{ ref('base_m365_copilot__usage_user_detail__parsed') }}
    where _source_line >= 0
),

-- A refresh date downloaded again is a restatement: the newest file (then
-- the last line) is staged, the others are duplicates.
{{ record_status(
    relation='parsed',
    key=['report_refresh_date', 'user_principal_name_normalized'],
    payload=[
        'report_period', 'display_name', 'any_last_activity_date',
        'teams_last_activity_date', 'word_last_activity_date',
        'excel_last_activity_date', 'powerpoint_last_activity_date',
        'outlook_last_activity_date', 'onenote_last_activity_date',
        'loop_last_activity_date', 'copilot_chat_last_activity_date',
    ],
    keep_first_order='_source_file desc, _source_line desc'
) }},

-- is_wellformed is null only where erase_loaded_rows nulled the record.
{{ erase_requested_records(
    'with_status', erased_condition='with_status.is_wellformed is null'
) }},

final as (
    select
        _source_file,
        _source_line,
        _source_file_size,
        _source_file_modified_epoch,
        raw_line,
        report_refresh_date,
        report_period,
        user_principal_name,
        user_principal_name_normalized,
        is_upn_hashed,
        display_name,
        any_last_activity_date,
        teams_last_activity_date,
        word_last_activity_date,
        excel_last_activity_date,
        powerpoint_last_activity_date,
        outlook_last_activity_date,
        onenote_last_activity_date,
        loop_last_activity_date,
        copilot_chat_last_activity_date,
        _reject_reason,
        _row_status,
        has_conflicting_duplicate
    from with_erasure
)

select * from final
