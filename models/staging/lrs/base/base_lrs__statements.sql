-- Every xAPI statement read from the LRS files (one a line), parsed once,
-- validated, deduplicated by statement id and voided; stg_lrs__statements
-- and its _rejected companion split it. Incremental on DuckDB (see
-- base_okta__system_log_events): statements of older files that share an
-- id with a new one, or that a new voiding statement names, are recomputed.
{{ config(
    materialized=event_materialization(),
    incremental_strategy='raw_file_replace',
    on_schema_change='fail'
) }}

{%- set parsed_columns = [
    '_source_file', '_source_line', '_source_file_size',
    '_source_file_modified_epoch', 'raw_line', 'statement_id',
    'statement_key', 'actor_object_type', 'actor_ifi_type',
    'actor_ifi_value', 'actor_name', 'member_count', 'actors', 'verb_iri',
    'verb_name', 'object_type', 'object_id', 'activity_iri',
    'activity_type_iri', 'parent_activity_iris', 'grouping_activity_iris',
    'registration_id', 'is_completed', 'is_successful', 'score_scaled',
    'duration_seconds', 'occurred_at', 'is_timestamp_offset_missing',
    'stored_at', 'is_voiding',
    'voided_statement_id', '_reject_reason',
] %}

with

raw_lines as (
    select * from {{ read_raw_lines(source('lrs', 'statements')) }}
),

json_lines as (
    select
        _source_file,
        _source_line,
        _source_file_size,
        _source_file_modified_epoch,
        raw_line,
        {{ json_is_valid('raw_line') }}
        and left(ltrim(raw_line), 1) = '{' as is_json_object
    from raw_lines
),

parsed as (
    select
        json_lines._source_file,
        json_lines._source_line,
        json_lines._source_file_size,
        json_lines._source_file_modified_epoch,
        json_lines.raw_line,
        json_lines.is_json_object,
        case
            when json_lines.is_json_object
                then {{ xapi_statement('json_lines.raw_line') }}
        end as xapi
    from json_lines
),

extracted as (
    select
        parsed._source_file,
        parsed._source_line,
        parsed._source_file_size,
        parsed._source_file_modified_epoch,
        parsed.raw_line,
        parsed.is_json_object,
        nullif(trim(parsed.xapi.id), '') as statement_id,
        coalesce(parsed.xapi.actor.objecttype, 'Agent') as actor_object_type,
        {{ xapi_ifi_type('parsed.xapi.actor') }} as actor_ifi_type,
        {{ xapi_ifi_value('parsed.xapi.actor') }} as actor_ifi_value,
        parsed.xapi.actor.name as actor_name,
        {{ xapi_member_count('parsed.xapi.actor') }} as member_count,
        {{ xapi_actors('parsed.xapi.actor') }} as actors,
        nullif(trim(parsed.xapi.verb.id), '') as verb_iri,
        coalesce(parsed.xapi.object.objecttype, 'Activity') as object_type,
        nullif(trim(parsed.xapi.object.id), '') as object_id,
        parsed.xapi.object.definition.type as activity_type_iri,
        {{ xapi_activity_ids(
            'parsed.xapi.context.contextactivities.parent'
        ) }} as parent_activity_iris,
        {{ xapi_activity_ids(
            'parsed.xapi.context.contextactivities.grouping'
        ) }} as grouping_activity_iris,
        parsed.xapi.context.registration as registration_id,
        parsed.xapi.result.completion as completion_text,
        parsed.xapi.result.success as success_text,
        parsed.xapi.result.score.scaled as score_scaled_text,
        parsed.xapi.result.duration as duration_text,
        nullif(trim(parsed.xapi.timestamp), '') as timestamp_text,
        nullif(trim(parsed.xapi.stored), '') as stored_text
    from parsed
),

typed as (
    select
        extracted.*,
        lower(extracted.statement_id) as statement_key,
        {{ dbt.split_part('extracted.verb_iri', "'/'", -1) }} as verb_name,
        extracted.verb_iri = 'http://adlnet.gov/expapi/verbs/voided'
        and extracted.object_type = 'StatementRef' as is_voiding,
        case
            when
                extracted.verb_iri = 'http://adlnet.gov/expapi/verbs/voided'
                and extracted.object_type = 'StatementRef'
                then extracted.object_id
        end as voided_statement_id,
        case
            when extracted.object_type = 'Activity' then extracted.object_id
        end as activity_iri,
        {{ xapi_actors_without_ifi('extracted.actors') }}
            as actors_without_ifi_count,
        -- JSON booleans only: the engines' casts also take 'yes', 't', '1'.
        case extracted.completion_text
            when 'true' then true
            when 'false' then false
        end as is_completed,
        case extracted.success_text
            when 'true' then true
            when 'false' then false
        end as is_successful,
        {{ xapi_number('extracted.score_scaled_text') }} as score_scaled,
        {{ iso_duration_seconds('extracted.duration_text') }}
            as duration_seconds,
        {{ iso_timestamp_utc('extracted.timestamp_text') }} as occurred_at,
        -- Read as UTC all the same, but flagged and audited
        -- (audit_timestamps_without_offset): the true offset is unknown.
        {{ iso_timestamp_is_offset_missing('extracted.timestamp_text') }}
            as is_timestamp_offset_missing,
        {{ iso_timestamp_utc('extracted.stored_text') }} as stored_at
    from extracted
),

validated as (
    select
        *,
        case
            when not is_json_object then 'malformed_json'
            when
                actor_object_type = 'Group'
                and actor_ifi_type is null
                and member_count = 0
                then 'group_without_members'
            when
                statement_id is null
                or actors_without_ifi_count > 0
                or verb_iri is null
                or (
                    object_id is null
                    and object_type in ('Activity', 'StatementRef')
                )
                or timestamp_text is null
                then 'missing_required_field'
            when
                occurred_at is null
                or (stored_text is not null and stored_at is null)
                then 'invalid_timestamp'
            when
                (score_scaled_text is not null and score_scaled is null)
                or score_scaled not between -1 and 1
                or (duration_text is not null and duration_seconds is null)
                or duration_seconds < 0
                then 'invalid_number'
            when
                (completion_text is not null and is_completed is null)
                or (success_text is not null and is_successful is null)
                then 'invalid_boolean'
        end as _reject_reason
    from typed
),

-- Dedupe by statement id, keeping the latest stored copy. Copies are compared
-- as xAPI's statement comparison rules say: actor (members in any order),
-- verb id, object, context and result, ignoring letter case, timestamp,
-- stored, authority, version, verb display and activity definitions.
{{ rows_to_status(
    relation='validated',
    columns=parsed_columns,
    key=['statement_key'],
    source_relation=source('lrs', 'statements'),
    also_affects='case when is_voiding then lower(voided_statement_id) end',
) }},

{{ record_status(
    relation='status_input',
    key=['statement_key'],
    payload=[
        'lower(actor_object_type)',
        'lower(actor_ifi_value)',
        'lower(cast(actors as ' ~ dbt.type_string() ~ '))',
        'lower(verb_iri)',
        'lower(object_type)',
        'lower(object_id)',
        'lower(cast(parent_activity_iris as ' ~ dbt.type_string() ~ '))',
        'lower(cast(grouping_activity_iris as ' ~ dbt.type_string() ~ '))',
        'lower(registration_id)',
        'is_completed',
        'is_successful',
        'score_scaled',
        'duration_seconds',
    ],
    keep_first_order='stored_at desc nulls last, _source_file desc, '
        ~ '_source_line desc'
) }},

-- A statement is voided by a kept (accepted, not duplicate) voiding statement
-- naming its id. The voiding statement itself is removed too; one that is in
-- turn the target of another voiding statement stays 'voiding' and still
-- voids its own target (xAPI: a voiding statement cannot be voided, so the
-- attempt is ignored).
-- (An incremental build also reads the kept voiding statements of older
-- files that it did not recompute.)
voided_statements as (
    select distinct lower(voided_statement_id) as statement_key
    from with_status
    where _row_status = 'staged' and is_voiding
    {%- if is_incremental() %}
    union
    select lower(voided_statement_id) as statement_key
    from {{ this }}
    where
        _row_status = 'voiding'
        and not ({{ raw_file_is_reloaded(source('lrs', 'statements')) }})
        and statement_key not in (select statement_key from affected_keys)
    {%- endif %}
),

all_records as (
    select
        with_status._source_file,
        with_status._source_line,
        with_status._source_file_size,
        with_status._source_file_modified_epoch,
        with_status.statement_id,
        with_status.statement_key,
        with_status.actor_object_type,
        with_status.actor_ifi_type,
        with_status.actor_ifi_value,
        with_status.actor_name,
        with_status.member_count,
        with_status.actors,
        with_status.verb_iri,
        with_status.verb_name,
        with_status.object_type,
        with_status.object_id,
        with_status.activity_iri,
        with_status.activity_type_iri,
        with_status.parent_activity_iris,
        with_status.grouping_activity_iris,
        with_status.registration_id,
        with_status.is_completed,
        with_status.is_successful,
        with_status.score_scaled,
        with_status.duration_seconds,
        with_status.occurred_at,
        with_status.is_timestamp_offset_missing,
        with_status.stored_at,
        with_status.is_voiding,
        with_status.voided_statement_id,
        with_status._reject_reason,
        with_status.has_conflicting_duplicate,
        with_status.raw_line,
        case
            when with_status._row_status <> 'staged'
                then with_status._row_status
            when with_status.is_voiding then 'voiding'
            when voided_statements.statement_key is not null then 'voided'
            when
                with_status.object_type <> 'Activity'
                or with_status.verb_iri
                = 'http://adlnet.gov/expapi/verbs/voided'
                then 'out_of_scope'
            else 'staged'
        end as _row_status
    from with_status
    left join voided_statements
        on with_status.statement_key = voided_statements.statement_key
),

{{ erase_requested_records('all_records') }},

final as (
    select
        _source_file,
        _source_line,
        _source_file_size,
        _source_file_modified_epoch,
        statement_id,
        statement_key,
        actor_object_type,
        actor_ifi_type,
        actor_ifi_value,
        actor_name,
        member_count,
        actors,
        verb_iri,
        verb_name,
        object_type,
        object_id,
        activity_iri,
        activity_type_iri,
        parent_activity_iris,
        grouping_activity_iris,
        registration_id,
        is_completed,
        is_successful,
        score_scaled,
        duration_seconds,
        occurred_at,
        is_timestamp_offset_missing,
        stored_at,
        is_voiding,
        voided_statement_id,
        _reject_reason,
        has_conflicting_duplicate,
        _row_status,
        -- Kept for every record: the rejected model shows it, and an
        -- incremental build finds in it the statements of a person whose
        -- erasure was requested after they were loaded (rows_to_status).
        raw_line
    from with_erasure
)

select * from final
