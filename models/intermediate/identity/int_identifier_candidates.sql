-- Every observed identifier with each employee it could belong to (or none),
-- the rule that matched and how many distinct people matched in all.
-- int_identities_resolved keeps the unambiguous matches; the audit models
-- list the rest. A salted badge hash names the people who hold the e-mail
-- it was hashed from (int_badge_hashes_matched, which does the hashing).
-- An account is looked up as the HR identifiers it stands for
-- (int_account_identifiers_translated); through the identity crosswalk,
-- its rule is 'crosswalk_' and the HR rule. unresolvable_reason says why
-- an identifier could not even be looked up (an undeclared homePage ...).
with

observed as (
    select * from {{ ref('int_identifiers_observed') }}
),

accounts as (
    select * from {{ ref('int_account_identifiers_translated') }}
),

person_identifiers as (
    select * from {{ ref('int_person_identifiers') }}
),

badge_hashes as (
    select * from {{ ref('int_badge_hashes_matched') }}
),

person_emails as (
    select
        employee_id,
        identifier as email
    from person_identifiers
    where identifier_type = 'email_address'
),

badge_matches as (
    select
        identifier,
        salt,
        email
    from badge_hashes
    where identifier is not null and email is not null
),

salted_email_hashes as (
    select
        person_emails.employee_id,
        'salted_email_hash' as identifier_type,
        badge_matches.identifier,
        badge_matches.salt,
        'badge_hashed_email' as match_rule,
        7 as rule_rank
    from badge_matches
    inner join person_emails
        on badge_matches.email = person_emails.email
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

-- what each identifier is looked up as: itself, or for an account the HR
-- identifiers it stands for
lookups as (
    select
        source_system,
        identifier_type,
        identifier,
        salt,
        identifier_type as lookup_type,
        identifier as lookup_identifier,
        false as is_via_crosswalk,
        cast(null as {{ dbt.type_string() }}) as unresolvable_reason
    from observed
    where identifier_type not in ('xapi_account', 'system_account')
    union all
    select
        source_system,
        identifier_type,
        identifier,
        cast(null as {{ dbt.type_string() }}) as salt,
        lookup_type,
        lookup_identifier,
        is_via_crosswalk,
        unresolvable_reason
    from accounts
),

matched as (
    select
        lookups.source_system,
        lookups.identifier_type,
        lookups.identifier,
        lookups.salt,
        lookups.unresolvable_reason,
        candidates.employee_id,
        case
            when lookups.is_via_crosswalk
                then {{ dbt.concat(["'crosswalk_'", 'candidates.match_rule']) }}
            else candidates.match_rule
        end as match_rule,
        candidates.rule_rank
    from lookups
    left join candidates
        on
            lookups.lookup_type = candidates.identifier_type
            and lookups.lookup_identifier = candidates.identifier
            and coalesce(lookups.salt, '') = coalesce(candidates.salt, '')
),

candidate_counts as (
    select
        source_system,
        identifier_type,
        identifier,
        salt,
        count(distinct employee_id) as candidate_count
    from matched
    group by source_system, identifier_type, identifier, salt
),

final as (
    select
        matched.source_system,
        matched.identifier_type,
        matched.identifier,
        matched.salt,
        matched.employee_id,
        matched.match_rule,
        matched.rule_rank,
        matched.unresolvable_reason,
        candidate_counts.candidate_count
    from matched
    inner join candidate_counts
        on
            matched.source_system = candidate_counts.source_system
            and matched.identifier_type
            is not distinct from candidate_counts.identifier_type
            and matched.identifier = candidate_counts.identifier
            and matched.salt is not distinct from candidate_counts.salt
)

select * from final
