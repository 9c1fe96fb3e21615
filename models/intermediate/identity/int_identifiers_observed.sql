-- Every distinct way a source system names a person, as
-- (source_system, identifier_type, identifier[, salt]). Types match
-- int_person_identifiers; types HR cannot know (an xAPI openid, a hashed
-- Copilot UPN) are kept so that they show up as unmatched in the audit.
-- An xAPI account (xapi_account) and a crosswalk row (system_account) are
-- '<system>|<id>' and mean what int_account_identifiers_translated says;
-- an identified xAPI Group's own identifier is an xapi_group, no person.
-- The learning and the AI-usage sources are each a step (__learning,
-- __usage); the crosswalk's own accounts are read here.
with

learning_identifiers as (
    select * from {{ ref('int_identifiers_observed__learning') }}
),

usage_identifiers as (
    select * from {{ ref('int_identifiers_observed__usage') }}
),

identity_crosswalk as (
    select * from {{ ref('stg_identity_crosswalk__accounts') }}
),

observed as (
    select
        source_system,
        identifier_type,
        identifier,
        salt
    from learning_identifiers
    union all
    select
        source_system,
        identifier_type,
        identifier,
        salt
    from usage_identifiers
    union all
    select
        'identity_crosswalk' as source_system,
        'system_account' as identifier_type,
        {{ dbt.concat([
            'identity_crosswalk.system_name',
            "'|'",
            'identity_crosswalk.account_id',
        ]) }} as identifier,
        null as salt
    from identity_crosswalk
),

final as (
    select distinct
        source_system,
        identifier_type,
        identifier,
        salt
    from observed
    where identifier is not null
)

select * from final
