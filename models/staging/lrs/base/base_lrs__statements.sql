-- Every xAPI statement read from the LRS files (one a line), parsed and
-- validated (base_lrs__statements__parsed), deduplicated by statement id
-- and voided; stg_lrs__statements and its _rejected companion split it.
-- Incremental on DuckDB (see base_okta__system_log_events): statements of
-- older files that share an id with a new one, or that a new voiding
-- statement names, are recomputed.
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

parsed as (
    select * from {{ ref('base_lrs__statements__parsed') }}
),

-- Dedupe by statement id, keeping the latest stored copy. Copies are compared
-- as xAPI's statement comparison rules say: actor (members in any order),
-- verb id, object, context and result, ignoring letter case, timestamp,
-- stored, authority, version, verb display and activity definitions.
{{ rows_to_status(
    relation='parsed',
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

-- Erased first: an erased record keeps its status 'erased' below.
{{ erase_requested_records('with_status') }},

with_voiding as (
    select
        with_erasure.*,
        case
            when with_erasure._row_status <> 'staged'
                then with_erasure._row_status
            when with_erasure.is_voiding then 'voiding'
            when voided_statements.statement_key is not null then 'voided'
            when
                with_erasure.object_type <> 'Activity'
                or with_erasure.verb_iri
                = 'http://adlnet.gov/expapi/verbs/voided'
                then 'out_of_scope'
            else 'staged'
        end as _row_status_voided
    from with_erasure
    left join voided_statements
        on with_erasure.statement_key = voided_statements.statement_key
),

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
        _row_status_voided as _row_status,
        -- Kept for every record: the rejected model shows it, and an
        -- incremental build finds in it the statements of a person whose
        -- erasure was requested after they were loaded (rows_to_status).
        raw_line
    from with_voiding
)

select * from final
