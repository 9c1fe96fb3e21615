-- Every way HR knows a person, as (identifier_type, identifier) ->
-- employee_id, with the rule it stands for. Types are what other systems
-- hold: employee_id; email_address (work e-mails past and present, UPNs and
-- previous e-mails are all user@domain); network_login (DOMAIN\user); and
-- mbox_sha1sum (xAPI: sha1 of 'mailto:' + e-mail). Salted badge hashes
-- cannot be precomputed: int_identities_resolved tries them against every
-- email_address here. rule_rank orders the rules when several agree.
with

workers as (
    select * from {{ ref('stg_hris__workers') }}
),

previous_emails as (
    select * from {{ ref('stg_hris__previous_emails') }}
),

by_employee_id as (
    select
        employee_id,
        'employee_id' as identifier_type,
        employee_id as identifier,
        'employee_id' as match_rule,
        1 as rule_rank
    from workers
),

by_work_email as (
    select
        employee_id,
        'email_address' as identifier_type,
        work_email_normalized as identifier,
        'work_email' as match_rule,
        2 as rule_rank
    from workers
    where work_email_normalized is not null
),

by_upn as (
    select
        employee_id,
        'email_address' as identifier_type,
        upn_normalized as identifier,
        'upn' as match_rule,
        3 as rule_rank
    from workers
    where upn_normalized is not null
),

by_previous_email as (
    select
        employee_id,
        'email_address' as identifier_type,
        previous_email_normalized as identifier,
        'previous_email' as match_rule,
        4 as rule_rank
    from previous_emails
    where previous_email_normalized is not null
),

by_network_login as (
    select
        employee_id,
        'network_login' as identifier_type,
        network_login_normalized as identifier,
        'network_login' as match_rule,
        5 as rule_rank
    from workers
    where network_login_normalized is not null
),

plain_identifiers as (
    select * from by_employee_id
    union all
    select * from by_work_email
    union all
    select * from by_upn
    union all
    select * from by_previous_email
    union all
    select * from by_network_login
),

by_mbox_sha1sum as (
    select
        employee_id,
        'mbox_sha1sum' as identifier_type,
        {{ sha1_hex("'mailto:' || identifier") }} as identifier,
        'xapi_mbox_sha1sum' as match_rule,
        6 as rule_rank
    from plain_identifiers
    where identifier_type = 'email_address'
),

final as (
    select distinct
        employee_id,
        identifier_type,
        identifier,
        match_rule,
        rule_rank
    from (
        select * from plain_identifiers
        union all
        select * from by_mbox_sha1sum
    ) as all_identifiers
)

select * from final
