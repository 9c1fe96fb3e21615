-- Every observed identifier with each employee it could belong to (or none),
-- the rule that matched and how many distinct people matched in all.
-- int_identities_resolved keeps the unambiguous matches; the audit models
-- list the rest. Salted badge hashes are tried against every known e-mail
-- of every person, once per distinct salt.
with

observed as (
    select * from {{ ref('int_identifiers_observed') }}
),

person_identifiers as (
    select * from {{ ref('int_person_identifiers') }}
),

badge_salts as (
    select distinct salt
    from observed
    where identifier_type = 'salted_email_hash'
),

salted_email_hashes as (
    select
        person_identifiers.employee_id,
        'salted_email_hash' as identifier_type,
        'sha256$' || {{ sha256_hex(
            'person_identifiers.identifier || badge_salts.salt'
        ) }} as identifier,
        badge_salts.salt,
        'badge_hashed_email' as match_rule,
        7 as rule_rank
    from person_identifiers
    cross join badge_salts
    where person_identifiers.identifier_type = 'email_address'
),

candidates as (
    select
        employee_id,
        identifier_type,
        identifier,
        cast(null as {{ dbt.type_string() }}) as salt,
        match_rule,
        rule_rank
    from person_identifiers
    union all
    select * from salted_email_hashes
),

matched as (
    select
        observed.source_system,
        observed.identifier_type,
        observed.identifier,
        observed.salt,
        candidates.employee_id,
        candidates.match_rule,
        candidates.rule_rank
    from observed
    left join candidates
        on
            observed.identifier_type = candidates.identifier_type
            and observed.identifier = candidates.identifier
            and coalesce(observed.salt, '') = coalesce(candidates.salt, '')
),

final as (
    select
        source_system,
        identifier_type,
        identifier,
        salt,
        employee_id,
        match_rule,
        rule_rank,
        count(distinct employee_id) over (
            partition by source_system, identifier_type, identifier, salt
        ) as candidate_count
    from matched
)

select * from final
