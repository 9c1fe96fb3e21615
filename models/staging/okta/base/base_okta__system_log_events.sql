-- Every Okta LogEvent read, parsed, validated and given a _row_status;
-- stg_okta__ai_sso_events and its _rejected companion split it. Only
-- successful SSO sign-ins to an AI tool's app are staged; every other
-- well-formed event is out_of_scope, and kept without personal data.
-- The app is the AppInstance target, matched to ai_tools on its id, its
-- alternateId (the label an admin gave it: custom OIDC apps all have the
-- displayName "OpenID Connect Client") or its displayName. An app that
-- matches two tools is ambiguous: never guessed, out of scope, flagged.
-- Incremental on DuckDB: a build parses only new, changed and recent raw
-- files (macros/raw/incremental_raw_files.sql) and recomputes the status
-- of older events sharing an event id with them.
{{ config(
    materialized=event_materialization(),
    incremental_strategy='raw_file_replace',
    on_schema_change='fail'
) }}

{%- set parsed_columns = [
    '_source_file', '_source_line', '_source_file_size',
    '_source_file_modified_epoch', 'raw_line', 'event_id', 'published_at',
    'event_type', 'outcome_result', 'actor_id', 'actor_alternate_id',
    'actor_alternate_id_normalized', 'actor_display_name',
    'app_id', 'app_alternate_id', 'app_display_name', 'tool_id',
    'is_app_ambiguous', 'client_ip', 'is_ai_sso', '_reject_reason',
] %}
{%- set sso_line = "case when event_type = 'user.authentication.sso'"
    ~ " and upper(outcome_result) = 'SUCCESS' then raw_line end" %}

with

raw_lines as (
    select * from {{ read_raw_lines(source('okta', 'system_log_events')) }}
),

ai_tools as (
    select * from {{ ref('ai_tools') }}
),

{{ parse_json_event_lines('raw_lines', {
    'event_id': '$.uuid',
    'published_text': '$.published',
    'event_type': '$.eventType',
    'outcome_result': '$.outcome.result',
    'actor_id': '$.actor.id',
    'actor_alternate_id': '$.actor.alternateId',
    'actor_display_name': '$.actor.displayName',
    'client_ip': '$.client.ipAddress',
}) }},

typed as (
    select
        _source_file,
        _source_line,
        _source_file_size,
        _source_file_modified_epoch,
        raw_line,
        is_wellformed,
        nullif(event_id, '') as event_id,
        nullif(published_text, '') as published_text,
        {{ iso_timestamp_utc('published_text') }} as published_at,
        nullif(event_type, '') as event_type,
        outcome_result,
        nullif(actor_id, '') as actor_id,
        nullif(trim(actor_alternate_id), '') as actor_alternate_id,
        actor_display_name,
        client_ip,
        -- target[] is read only for successful sign-ins to an app.
        {{ json_array_find_text(
            sso_line, 'target', 'type', 'AppInstance', 'id'
        ) }} as app_id,
        {{ json_array_find_text(
            sso_line, 'target', 'type', 'AppInstance', 'alternateId'
        ) }} as app_alternate_id,
        {{ json_array_find_text(
            sso_line, 'target', 'type', 'AppInstance', 'displayName'
        ) }} as app_display_name
    from parsed_lines
),

{{ okta_app_matches('typed', 'ai_tools') }},

scoped as (
    select
        *,
        tool_id is not null as is_ai_sso
    from app_matches
),

validated as (
    select
        *,
        lower(trim(actor_alternate_id)) as actor_alternate_id_normalized,
        case
            when not is_wellformed then 'malformed_json'
            -- only an event in scope needs a person
            when
                event_id is null
                or published_text is null
                or event_type is null
                or is_ai_sso and actor_alternate_id is null
                then 'missing_required_field'
            when published_at is null then 'invalid_timestamp'
        end as _reject_reason
    from scoped
),

-- Okta logs every sign-in to every app, nine lines in ten out of scope:
-- those keep their event id (duplicates) and what put them out of scope,
-- not their raw line nor who signed in (macros/staging/null_out_of_scope.sql).
minimized as (
    select
        _source_file,
        _source_line,
        _source_file_size,
        _source_file_modified_epoch,
        event_id,
        published_at,
        event_type,
        outcome_result,
        app_id,
        app_alternate_id,
        app_display_name,
        tool_id,
        is_app_ambiguous,
        is_ai_sso,
        _reject_reason,
        {{ null_out_of_scope(
            '_reject_reason is not null or is_ai_sso',
            [
                'raw_line', 'actor_id', 'actor_alternate_id',
                'actor_alternate_id_normalized', 'actor_display_name',
                'client_ip',
            ]
        ) }}
    from validated
),

{{ rows_to_status(
    relation='minimized',
    columns=parsed_columns,
    key=['event_id'],
    source_relation=source('okta', 'system_log_events'),
) }},

{{ record_status(
    relation='status_input',
    key=['event_id'],
    payload=[
        'published_at', 'event_type', 'outcome_result', 'actor_id',
        'actor_alternate_id', 'app_id', 'app_alternate_id',
        'app_display_name', 'client_ip',
    ],
    keep_first_order='_source_file desc, _source_line desc'
) }},

all_records as (
    select
        _source_file,
        _source_line,
        _source_file_size,
        _source_file_modified_epoch,
        raw_line,
        event_id,
        published_at,
        event_type,
        outcome_result,
        actor_id,
        actor_alternate_id,
        actor_alternate_id_normalized,
        actor_display_name,
        app_id,
        app_alternate_id,
        app_display_name,
        tool_id,
        is_app_ambiguous,
        client_ip,
        is_ai_sso,
        _reject_reason,
        has_conflicting_duplicate,
        case
            when _row_status <> 'rejected' and not is_ai_sso
                then 'out_of_scope'
            else _row_status
        end as _row_status
    from with_status
),

{{ erase_requested_records('all_records') }},

final as (
    select * from with_erasure
)

select * from final
