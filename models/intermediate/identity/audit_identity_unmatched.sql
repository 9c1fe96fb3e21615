-- Identifiers that could not be tied to one employee, and why:
--   ambiguous        more than one person has (or had) it
--   unmatchable_type a kind HR cannot know (hashed UPN, xAPI openid ...)
--   no_match         nobody in HR has it
with

candidates as (
    select * from {{ ref('int_identifier_candidates') }}
),

final as (
    select distinct
        source_system,
        identifier_type,
        identifier,
        salt,
        candidate_count,
        case
            when candidate_count > 1 then 'ambiguous'
            when identifier_type not in (
                'employee_id',
                'email_address',
                'network_login',
                'mbox_sha1sum',
                'salted_email_hash'
            ) then 'unmatchable_type'
            else 'no_match'
        end as reason
    from candidates
    where candidate_count <> 1
)

select * from final
