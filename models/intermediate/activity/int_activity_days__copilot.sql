-- Step of int_activity_days (ephemeral): the Microsoft 365 Copilot usage
-- report rows that can name an active day of a tool. A row names one when
-- its app maps to a tool (the report-level date, app 'any', names none)
-- and its last-activity date is not after the snapshot's refresh date.
-- Rule 1 of the Copilot rule (int_activity_days): a refresh date
-- downloaded again is replaced by the newer download. Only the newest
-- download of a (refresh date, user) is read (staging already keeps one;
-- this step re-applies it by _source_file), so a date the restated
-- download no longer shows is not used.
{{ config(materialized='ephemeral') }}

with

copilot_reports as (
    select * from {{ ref('stg_m365_copilot__app_activity') }}
),

newest_downloads as (
    select
        report_refresh_date,
        user_principal_name_normalized,
        max(_source_file) as _source_file
    from copilot_reports
    group by report_refresh_date, user_principal_name_normalized
),

final as (
    select
        copilot_reports.user_principal_name_normalized,
        copilot_reports.is_upn_hashed,
        copilot_reports.app,
        copilot_reports.tool_id,
        copilot_reports.last_activity_date,
        copilot_reports.report_refresh_date
    from copilot_reports
    inner join newest_downloads
        on
            copilot_reports.report_refresh_date
            = newest_downloads.report_refresh_date
            and copilot_reports.user_principal_name_normalized
            = newest_downloads.user_principal_name_normalized
            and copilot_reports._source_file = newest_downloads._source_file
    where
        copilot_reports.tool_id is not null
        and copilot_reports.last_activity_date is not null
        and copilot_reports.last_activity_date
        <= copilot_reports.report_refresh_date
)

select * from final
