-- What each account identifier stands for in HR's terms, so that accounts
-- resolve through HR like every other identifier and nothing is read into
-- a name. An xAPI account ('<homePage>|<name>') means what the company
-- declared for its homePage (seed identity_account_systems): an HR employee
-- id, e-mail, UPN or network login, looked up as such; or the system's own
-- user id, looked up in the identity crosswalk, whose row names an employee
-- id and/or an e-mail. A crosswalk row (system_account '<system>|<id>')
-- stands for the same. One row per identifier and HR identifier it stands
-- for (lookup_type, lookup_identifier); one that stands for none has them
-- null and says why in unresolvable_reason:
--   undeclared_account_home_page  nobody said what this homePage's names are
--   not_in_crosswalk              declared system_id; the crosswalk lacks it
with

observed as (
    select * from {{ ref('int_identifiers_observed') }}
),

account_systems as (
    select * from {{ ref('identity_account_systems') }}
),

crosswalk as (
    select * from {{ ref('stg_identity_crosswalk__accounts') }}
),

-- '<homePage or system>|<name or id>', split at the first '|'
split_identifiers as (
    select
        source_system,
        identifier_type,
        identifier,
        substring(
            identifier, 1, {{ dbt.position("'|'", 'identifier') }} - 1
        ) as account_system,
        substring(
            identifier, {{ dbt.position("'|'", 'identifier') }} + 1
        ) as account_name
    from observed
    where identifier_type in ('xapi_account', 'system_account')
),

declarations as (
    select
        source_system,
        {{ account_home_page_normalized('home_page') }} as home_page,
        lower(trim(system_name)) as system_name,
        carries
    from account_systems
),

accounts_declared as (
    select
        split_identifiers.source_system,
        split_identifiers.identifier_type,
        split_identifiers.identifier,
        split_identifiers.account_name,
        declarations.system_name,
        declarations.carries
    from split_identifiers
    left join declarations
        on
            split_identifiers.source_system = declarations.source_system
            and split_identifiers.account_system = declarations.home_page
    where split_identifiers.identifier_type = 'xapi_account'
),

crosswalk_lookups as (
    select
        system_name,
        account_id,
        'employee_id' as lookup_type,
        employee_id as lookup_identifier
    from crosswalk
    where employee_id is not null
    union all
    select
        system_name,
        account_id,
        'email_address' as lookup_type,
        email_normalized as lookup_identifier
    from crosswalk
    where email_normalized is not null
),

-- the name is an HR identifier (or nobody declared what it is)
by_declared_name as (
    select
        source_system,
        identifier_type,
        identifier,
        case carries
            when 'employee_id' then 'employee_id'
            when 'email' then 'email_address'
            when 'upn' then 'email_address'
            when 'network_login' then 'network_login'
        end as lookup_type,
        case
            when carries = 'employee_id' then account_name
            when carries in ('email', 'upn', 'network_login')
                then lower(account_name)
        end as lookup_identifier,
        false as is_via_crosswalk,
        case
            when carries is null then 'undeclared_account_home_page'
        end as unresolvable_reason
    from accounts_declared
    where carries is null or carries <> 'system_id'
),

-- the name is the system's own id, as is a crosswalk row's id: the
-- crosswalk says who it is
system_ids as (
    select
        source_system,
        identifier_type,
        identifier,
        system_name,
        account_name
    from accounts_declared
    where carries = 'system_id'
    union all
    select
        source_system,
        identifier_type,
        identifier,
        account_system as system_name,
        account_name
    from split_identifiers
    where identifier_type = 'system_account'
),

by_crosswalk as (
    select
        system_ids.source_system,
        system_ids.identifier_type,
        system_ids.identifier,
        crosswalk_lookups.lookup_type,
        crosswalk_lookups.lookup_identifier,
        true as is_via_crosswalk,
        case
            when crosswalk_lookups.account_id is null then 'not_in_crosswalk'
        end as unresolvable_reason
    from system_ids
    left join crosswalk_lookups
        on
            system_ids.system_name = crosswalk_lookups.system_name
            and system_ids.account_name = crosswalk_lookups.account_id
),

final as (
    select * from by_declared_name
    union all
    select * from by_crosswalk
)

select * from final
