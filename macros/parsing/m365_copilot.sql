{#-
    The fields of Microsoft Graph's getMicrosoft365CopilotUsageUserDetail,
    in the two shapes it is downloaded in: the CSV (`$format=text/csv`,
    header names) and the JSON pages the endpoint returns by default
    (`{"value": [...]}`, camelCase names; Graph beta reference,
    reportroot-getmicrosoft365copilotusageuserdetail). One place maps both
    to the base model's text columns:
    (column, CSV header, JSON paths; the first path present is read).
-#}
{% macro m365_copilot_report_fields() -%}
    {{ return([
        ('report_refresh_date_text', 'Report Refresh Date',
            ['$.reportRefreshDate']),
        ('report_period_text', 'Report Period',
            ['$.reportPeriod',
             '$.copilotActivityUserDetailsByPeriod[0].reportPeriod']),
        ('user_principal_name', 'User Principal Name', ['$.userPrincipalName']),
        ('display_name', 'Display Name', ['$.displayName']),
        ('any_last_activity_text', 'Last Activity Date',
            ['$.lastActivityDate']),
        ('teams_last_activity_text', 'Microsoft Teams Copilot Last Activity Date',
            ['$.microsoftTeamsCopilotLastActivityDate']),
        ('word_last_activity_text', 'Word Copilot Last Activity Date',
            ['$.wordCopilotLastActivityDate']),
        ('excel_last_activity_text', 'Excel Copilot Last Activity Date',
            ['$.excelCopilotLastActivityDate']),
        ('powerpoint_last_activity_text', 'PowerPoint Copilot Last Activity Date',
            ['$.powerPointCopilotLastActivityDate']),
        ('outlook_last_activity_text', 'Outlook Copilot Last Activity Date',
            ['$.outlookCopilotLastActivityDate']),
        ('onenote_last_activity_text', 'OneNote Copilot Last Activity Date',
            ['$.oneNoteCopilotLastActivityDate']),
        ('loop_last_activity_text', 'Loop Copilot Last Activity Date',
            ['$.loopCopilotLastActivityDate']),
        ('copilot_chat_last_activity_text', 'Copilot Chat Last Activity Date',
            ['$.copilotChatLastActivityDate']),
    ]) }}
{%- endmacro %}

{#- The apps with a last-activity date column (`any` = the report-level
    Last Activity Date): <app>_last_activity_text -> _date. -#}
{% macro m365_copilot_apps() -%}
    {{ return([
        'any', 'teams', 'word', 'excel', 'powerpoint', 'outlook', 'onenote',
        'loop', 'copilot_chat',
    ]) }}
{%- endmacro %}

{#- One field of a JSON element `expr` as text, as csv_field() reads a CSV
    field: trimmed, empty (Graph writes "" as often as null) -> null. -#}
{% macro m365_copilot_json_field(expr, paths) -%}
    {%- set values = [] -%}
    {%- for path in paths -%}
        {%- do values.append("nullif(trim(" ~ json_text(expr, path) ~ "), '')") -%}
    {%- endfor -%}
    {%- if values | length == 1 -%}
        {{ values[0] }}
    {%- else -%}
        coalesce({{ values | join(', ') }})
    {%- endif -%}
{%- endmacro %}

{#- The report's text columns (m365_copilot_report_fields), read from
    `parsed_lines` of parse_delimited_lines ('csv') or from the `raw_line`
    JSON element of parse_json_page_elements ('json', only when it
    is_wellformed). -#}
{% macro m365_copilot_field_texts(shape) -%}
    {%- for column, header, paths in m365_copilot_report_fields() %}
    {%- if shape == 'csv' %}
    {{ csv_field(header) }} as {{ column }}
    {%- else %}
    case
        when is_wellformed then {{ m365_copilot_json_field('raw_line', paths) }}
    end as {{ column }}
    {%- endif %}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{#- <app>_last_activity_date for each app, from its text. -#}
{% macro m365_copilot_app_dates() -%}
    {%- for app in m365_copilot_apps() %}
    {{ iso_date(app ~ '_last_activity_text') }} as {{ app }}_last_activity_date
    {{- ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{#- True when any app's date text is set but cannot be read. -#}
{% macro m365_copilot_has_unreadable_app_date() -%}
    (
    {%- for app in m365_copilot_apps() %}
        {{ 'or ' if not loop.first }}{{ app }}_last_activity_date is null
        and {{ app }}_last_activity_text is not null
    {%- endfor %}
    )
{%- endmacro %}
