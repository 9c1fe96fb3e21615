-- Every xAPI statement read from the LRS files (one a line), parsed and
-- validated (base_lrs__statements__parsed), deduplicated by statement id
-- and voided; stg_lrs__statements and its _rejected companion split it.
-- A table, rebuilt whole on every build from the parsed lines (kept by
-- __parsed with dbt's microbatch), because what it decides spans files: a
-- statement id exported again in a later file (a duplicate, or a
-- conflicting re-export), a voiding statement in a later file than its
-- target, and erasure, which also reaches back into __parsed (post-hook).
-- Erased lines keep there the statement's own id, voiding target, stored
-- time and reject reason (no person's data): without them the next build
-- would un-void what an erased person voided, or keep another copy.
{{ config(
    post_hook="{{ erase_loaded_rows(
        ref('base_lrs__statements__parsed'),
        ['_source_file', '_source_line', 'file_date', '_source_file_size',
            '_source_file_modified_epoch', 'statement_key', 'is_voiding',
            'voided_statement_id', 'stored_at', '_reject_reason']
    ) }}",
) }}

with

-- Line -1 is __parsed's record of the file itself, not a statement.
parsed as (
    select * from {{ ref('base_lrs__statements__parsed') }}
    where _source_line >= 0
),

-- Dedupe by statement id, keeping the latest stored copy. Copies are compared
-- as xAPI's statement comparison rules say: actor (members in any order),
-- verb id, object, context and result, ignoring letter case, timestamp,
-- stored, authority, version, verb display and activity definitions.
{{ record_status(
    relation='parsed',
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
voided_statements as (
    select distinct lower(voided_statement_id) as statement_key
    from with_status
    where _row_status = 'staged' and is_voiding
),

-- Erased first: an erased record keeps its status 'erased' below.
-- is_wellformed is null only where erase_loaded_rows nulled the record.
{{ erase_requested_records(
    'with_status', erased_condition='with_status.is_wellformed is null'
) }},

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
        -- Kept for every record: the rejected model shows it.
        raw_line
    from with_voiding
)

select * from final
