-- Each line of the LRS files (statements_YYYY-MM-DD.jsonl.gz, one a day)
-- parsed as an xAPI statement and validated (a rejected line keeps its
-- reason); what spans files (duplicates, voiding, erasure) is
-- base_lrs__statements'. Parsing depends on the line alone, so it is loaded
-- with dbt's microbatch on the file's date, each batch reading only its own
-- files. A batch is a month (var raw_files_batch_size, the seat lists' too),
-- not a day: a year would be 365 batches (each a query and a file listing,
-- ~1 s on Spark) of files of a few hundred KB. Line -1 is the file's own
-- row, so that an empty file counts as loaded (test raw_files_loaded).
{{ config(**raw_files_microbatch('lrs', 'statements')) }}

{%- set statements = source('lrs', 'statements') %}
{%- set files = raw_files_in_batch(statements) %}

with

raw_lines as (
    select * from {{ read_raw_lines(statements, files=files) }}
    union all
    select * from {{ raw_file_records(files) }}
),

json_lines as (
    select
        *,
        {{ json_is_valid('raw_line') }}
        and left(ltrim(raw_line), 1) = '{' as is_json_object
    from raw_lines
),

parsed as (
    select
        *,
        case
            when is_json_object then {{ xapi_statement('raw_line') }}
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

final as (
    select
        _source_file,
        _source_line,
        -- never null but where erase_loaded_rows nulled an erased record
        coalesce(is_json_object, false) as is_wellformed,
        _source_file_size,
        _source_file_modified_epoch,
        raw_line,
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
        case
            when _source_line = -1 then null
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
        end as _reject_reason,
        {{ raw_file_date('_source_file') }} as file_date
    from typed
)

select * from final
