-- Each line of the Okta System Log exports (okta_syslog_YYYY-MM-DD.jsonl.gz,
-- one a day) parsed as a LogEvent, its app matched to an AI tool and
-- validated; duplicates across files and erasure are
-- base_okta__system_log_events'. Loaded with dbt's microbatch on the file's
-- date, a month a batch (as the LRS), each batch reading only its own files.
-- Line -1 is the file's own row, so that an empty file counts as loaded.
-- The app is the AppInstance target, matched to ai_tools on its id, its
-- alternateId (the label an admin gave it: custom OIDC apps all have the
-- displayName "OpenID Connect Client") or its displayName. An app that
-- matches two tools is ambiguous: never guessed, out of scope, flagged.
-- The match is made here, not in the table downstream, because it decides
-- which lines keep a person's data at all (minimized below): so a change of
-- the ai_tools seed's Okta columns needs a full refresh (make backfill
-- SINCE= the first day), as the event models always have.
{{ config(**raw_files_microbatch('okta', 'system_log_events')) }}

{%- set system_log = source('okta', 'system_log_events') %}
{%- set files = raw_files_in_batch(system_log) %}
{%- set sso_line = "case when event_type = 'user.authentication.sso'"
    ~ " and upper(outcome_result) = 'SUCCESS' then raw_line end" %}
{#- the AppInstance fields read below: one parse of target[] for the three #}
{%- set app_fields = ['id', 'alternateId', 'displayName'] %}

with

raw_lines as (
    select * from {{ read_raw_lines(system_log, files=files) }}
    union all
    select * from {{ raw_file_records(files) }}
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
            sso_line, 'target', 'type', 'AppInstance', 'id', app_fields
        ) }} as app_id,
        {{ json_array_find_text(
            sso_line, 'target', 'type', 'AppInstance', 'alternateId', app_fields
        ) }} as app_alternate_id,
        {{ json_array_find_text(
            sso_line, 'target', 'type', 'AppInstance', 'displayName', app_fields
        ) }} as app_display_name
    from parsed_lines
),

{{ okta_app_matches('typed', 'ai_tools') }},

validated as (
    select
        *,
        tool_id is not null as is_ai_sso,
        lower(trim(actor_alternate_id)) as actor_alternate_id_normalized,
        case
            when _source_line = -1 then null
            when not is_wellformed then 'malformed_json'
            -- only an event in scope needs a person
            when
                event_id is null
                or published_text is null
                or event_type is null
                or tool_id is not null and actor_alternate_id is null
                then 'missing_required_field'
            when published_at is null then 'invalid_timestamp'
        end as _reject_reason
    from app_matches
),

-- Okta logs every sign-in to every app, nine lines in ten out of scope:
-- those keep their event id (duplicates) and what put them out of scope,
-- not their raw line nor who signed in (macros/staging/null_out_of_scope.sql).
final as (
    select
        _source_file,
        _source_line,
        -- never null but where erase_loaded_rows nulled an erased record
        coalesce(is_wellformed, false) as is_wellformed,
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
        ) }},
        {{ raw_file_date('_source_file') }} as file_date
    from validated
)

select * from final
