-- A table, not a view as most staging models: each statement's actors are
-- unnested from JSON here, and a dozen data tests and two models reading a
-- view would each unnest them again (about 70 s of tests at 100,000 people).
{{ config(materialized='table') }}

with

parsed as (
    select * from {{ ref('base_lrs__statements') }}
),

staged as (
    select * from parsed
    where _row_status = 'staged'
),

-- One row per person the statement is about: each member of a Group that
-- lists members, else the actor itself (see base_lrs__statements.actors).
statement_actors as (
    select
        staged.statement_id,
        staged.actor_object_type,
        staged.actor_ifi_type as statement_actor_ifi_type,
        staged.actor_ifi_value as statement_actor_ifi_value,
        staged.verb_iri,
        staged.verb_name,
        staged.activity_iri,
        staged.activity_type_iri,
        staged.parent_activity_iris,
        staged.grouping_activity_iris,
        staged.registration_id,
        staged.is_completed,
        staged.is_successful,
        staged.score_scaled,
        staged.duration_seconds,
        staged.occurred_at,
        staged.is_timestamp_offset_missing,
        staged.stored_at,
        staged.has_conflicting_duplicate,
        staged._source_file,
        staged._source_line,
        statement_actor.actor
    from staged
    {{ xapi_actor_rows('staged.actors', 'statement_actor') }}
),

-- A member row names its Group (null for an anonymous Group); an mbox loses
-- its 'mailto:' scheme to become an e-mail address.
identified as (
    select
        statement_actors.*,
        case
            when statement_actors.actor.is_group_member
                then statement_actors.statement_actor_ifi_type
        end as group_ifi_type,
        case
            when statement_actors.actor.is_group_member
                then statement_actors.statement_actor_ifi_value
        end as group_ifi_value,
        case
            when lower(statement_actors.actor.actor_mbox) like 'mailto:%'
                then substr(statement_actors.actor.actor_mbox, 8)
            else statement_actors.actor.actor_mbox
        end as actor_email
    from statement_actors
),

normalized as (
    select
        identified.*,
        lower(trim(identified.actor_email)) as actor_email_normalized,
        lower(trim(identified.actor.actor_mbox_sha1sum)) as actor_mbox_sha1sum
    from identified
),

final as (
    select
        normalized.statement_id,
        normalized.actor_object_type,
        normalized.actor.is_group_member,
        normalized.group_ifi_type,
        normalized.group_ifi_value,
        normalized.actor.actor_ifi_type,
        normalized.actor.actor_ifi_value,
        normalized.actor_email,
        normalized.actor_email_normalized,
        normalized.actor_mbox_sha1sum,
        normalized.actor.actor_openid,
        normalized.actor.actor_account_home_page,
        normalized.actor.actor_account_name,
        normalized.actor.actor_name,
        normalized.verb_iri,
        normalized.verb_name,
        normalized.activity_iri,
        normalized.activity_type_iri,
        normalized.parent_activity_iris,
        normalized.grouping_activity_iris,
        normalized.registration_id,
        normalized.is_completed,
        normalized.is_successful,
        normalized.score_scaled,
        normalized.duration_seconds,
        normalized.occurred_at,
        normalized.is_timestamp_offset_missing,
        normalized.stored_at,
        normalized.has_conflicting_duplicate,
        normalized._source_file,
        normalized._source_line
    from normalized
)

select * from final
