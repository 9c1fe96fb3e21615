-- One row per user, Copilot app and daily report: the app's last-activity
-- date as of that report. App 'any' is the report-level Last Activity Date
-- and is kept for every user in the report, even when empty (the user holds
-- a licence but has not used Copilot); the other apps only when their date
-- is set.
with

parsed as (
    select * from {{ ref('base_m365_copilot__usage_user_detail') }}
),

apps as (
    select
        app_tools.app,
        cast(app_tools.tool_id as {{ dbt.type_string() }}) as tool_id
    from (
        values
        ('any', null),
        ('teams', 'm365_copilot'),
        ('word', 'm365_copilot'),
        ('excel', 'm365_copilot'),
        ('powerpoint', 'm365_copilot'),
        ('outlook', 'm365_copilot'),
        ('onenote', 'm365_copilot'),
        ('loop', 'm365_copilot'),
        ('copilot_chat', 'copilot_chat')
    ) as app_tools (app, tool_id)
),

staged as (
    select * from parsed
    where _row_status = 'staged'
),

unpivoted as (
    select
        staged.report_refresh_date,
        staged.report_period,
        staged.user_principal_name,
        staged.user_principal_name_normalized,
        staged.is_upn_hashed,
        staged.display_name,
        apps.app,
        apps.tool_id,
        staged.has_conflicting_duplicate,
        staged._source_file,
        staged._source_line,
        case apps.app
            when 'any' then staged.any_last_activity_date
            when 'teams' then staged.teams_last_activity_date
            when 'word' then staged.word_last_activity_date
            when 'excel' then staged.excel_last_activity_date
            when 'powerpoint' then staged.powerpoint_last_activity_date
            when 'outlook' then staged.outlook_last_activity_date
            when 'onenote' then staged.onenote_last_activity_date
            when 'loop' then staged.loop_last_activity_date
            when 'copilot_chat' then staged.copilot_chat_last_activity_date
        end as last_activity_date
    from staged
    cross join apps
),

final as (
    select
        report_refresh_date,
        report_period,
        user_principal_name,
        user_principal_name_normalized,
        is_upn_hashed,
        display_name,
        app,
        tool_id,
        last_activity_date,
        has_conflicting_duplicate,
        _source_file,
        _source_line
    from unpivoted
    where app = 'any' or last_activity_date is not null
)

select * from final
