-- Every Okta LogEvent read (parsed, matched to an AI tool's app and
-- validated by base_okta__system_log_events__parsed), given a _row_status;
-- stg_okta__ai_sso_events and its _rejected companion split it. Only
-- successful SSO sign-ins to an AI tool's app are staged; every other
-- well-formed event is out_of_scope, kept without personal data.
-- A table, rebuilt whole on every build from the parsed lines (kept by
-- __parsed with dbt's microbatch), because what it decides spans files: an
-- event id exported again in a later file (the newest file's copy is
-- staged), and erasure, which also reaches back into __parsed (post-hook).
-- Erased lines keep there their event id and reject reason (no person's
-- data): without them the next build would stage an older copy instead.
{{ config(
    post_hook="{{ erase_loaded_rows(
        ref('base_okta__system_log_events__parsed'),
        ['_source_file', '_source_line', 'file_date', '_source_file_size',
            '_source_file_modified_epoch', 'event_id', '_reject_reason']
    ) }}",
) }}

with

-- Line -1 is __parsed's record of the file itself, not an event.
parsed as (
    select * from {{ ref('base_okta__system_log_events__parsed') }}
    where _source_line >= 0
),

{{ record_status(
    relation='parsed',
    key=['event_id'],
    payload=[
        'published_at', 'event_type', 'outcome_result', 'actor_id',
        'actor_alternate_id', 'app_id', 'app_alternate_id',
        'app_display_name', 'client_ip',
    ],
    keep_first_order='_source_file desc, _source_line desc'
) }},

-- Erased first: an erased record keeps its status 'erased' below.
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
            when _row_status in ('staged', 'duplicate') and not is_ai_sso
                then 'out_of_scope'
            else _row_status
        end as _row_status
    from with_erasure
)

select * from final
