-- One row per credential and person holding it: someone with at least one
-- unrevoked award (expiry is not considered), anchored on the day of their
-- first unrevoked award, with the program leading to the credential if any
-- (the programs seed, through int_credentials_awarded).
with

awards as (
    select * from {{ ref('int_credentials_awarded') }}
),

credential_programs as (
    select
        credential_name,
        max(program_id) as program_id
    from awards
    group by credential_name
),

holders as (
    select
        credential_name,
        employee_id,
        min(cast(issued_at as date)) as first_issued_date
    from awards
    where not is_revoked
    group by credential_name, employee_id
),

final as (
    select
        holders.credential_name,
        credential_programs.program_id,
        holders.employee_id,
        holders.first_issued_date
    from holders
    inner join credential_programs
        on holders.credential_name = credential_programs.credential_name
)

select * from final
