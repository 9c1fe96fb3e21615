-- Identifiers that could not be tied to one employee, and why:
--   ambiguous                     more than one person has (or had) it
--   group_not_a_person            an identified xAPI Group's own identifier
--   undeclared_account_home_page  an xAPI account whose homePage nobody
--                                 declared (seed identity_account_systems)
--   not_in_crosswalk              an account declared to carry its system's
--                                 id, which the identity crosswalk lacks
--   unmatchable_type              a kind HR cannot know (hashed UPN, openid)
--   no_match                      nobody in HR has it (for an account or a
--                                 crosswalk row: what it stands for)
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
            when identifier_type = 'xapi_group' then 'group_not_a_person'
            when unresolvable_reason is not null then unresolvable_reason
            when identifier_type not in (
                'employee_id',
                'email_address',
                'network_login',
                'mbox_sha1sum',
                'salted_email_hash',
                'xapi_account',
                'system_account'
            ) then 'unmatchable_type'
            else 'no_match'
        end as reason
    from candidates
    where candidate_count <> 1
)

select * from final
