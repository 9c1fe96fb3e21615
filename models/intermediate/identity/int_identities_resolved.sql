-- Each (source system, identifier) that names exactly one employee, with the
-- rule that matched (the strongest, when several rules point at the same
-- person). Identifiers that match nobody, or more than one person, are not
-- guessed: they are in audit_identity_unmatched.
with

candidates as (
    select * from {{ ref('int_identifier_candidates') }}
),

ranked as (
    select
        source_system,
        identifier_type,
        identifier,
        salt,
        employee_id,
        match_rule,
        row_number() over (
            partition by source_system, identifier_type, identifier, salt
            order by rule_rank
        ) as rule_order
    from candidates
    -- (an account looked up as several HR identifiers may also have a row
    -- for one that matched nobody)
    where candidate_count = 1 and employee_id is not null
),

final as (
    select
        source_system,
        identifier_type,
        identifier,
        salt,
        employee_id,
        match_rule
    from ranked
    where rule_order = 1
)

select * from final
