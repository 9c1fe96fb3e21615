-- Verbs of staged xAPI statements that the xapi_verbs seed does not list:
-- such a statement enrolls nobody and completes nothing (we never guess
-- what a verb means), so each verb is counted here for someone to classify.
with

statements as (
    select * from {{ ref('stg_lrs__statements') }}
),

verbs as (
    select * from {{ ref('xapi_verbs') }}
),

final as (
    select
        statements.verb_iri,
        count(distinct statements.statement_id) as statement_count,
        min(statements.occurred_at) as first_occurred_at,
        max(statements.occurred_at) as last_occurred_at
    from statements
    left join verbs
        on statements.verb_iri = verbs.verb_iri
    where verbs.verb_iri is null
    group by statements.verb_iri
)

select * from final
