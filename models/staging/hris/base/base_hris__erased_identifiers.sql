{{ config(materialized='ephemeral') }}

-- Every identifier of a person whose erasure was requested, lower case, with
-- the regular expression that finds it as a whole token in a raw line:
-- the employee id, work e-mails, UPNs and previous e-mails, network logins
-- (also as written inside JSON, backslash escaped) and xAPI mbox_sha1sum;
-- and the xAPI accounts that carry a system's own id (seed
-- identity_account_systems), which the identity crosswalk says are theirs:
-- found as the JSON account object (homePage and name, either order), since
-- a bare id such as 42 is no token of anyone's.
-- Ephemeral on purpose: these identifiers are looked up while a build erases
-- them and are never stored. Salted badge hashes need each badge's salt, so
-- erase_requested_records computes those per record.
with

requests as (
    select * from {{ ref('erasure_requests') }}
),

workers as (
    select * from {{ ref('base_hris__workers_unerased') }}
),

crosswalk as (
    select * from {{ ref('base_identity_crosswalk__accounts_unerased') }}
),

account_systems as (
    select * from {{ ref('identity_account_systems') }}
),

requested_ids as (
    select distinct
        trim(cast(employee_id as {{ dbt.type_string() }})) as employee_id
    from requests
    where employee_id is not null
),

requested_workers as (
    select workers.*
    from workers
    inner join requested_ids
        on workers.employee_id = requested_ids.employee_id
),

previous_emails as (
    select
        requested_workers.employee_id,
        lower(trim(previous_email_items.item)) as email
    from requested_workers
    {{ delimited_text_rows(
        'requested_workers.previous_emails', ';', 'previous_email_items'
    ) }}
),

plain_identifiers as (
    select
        employee_id,
        'employee_id' as identifier_type,
        lower(employee_id) as identifier
    from requested_ids
    union all
    select
        employee_id,
        'email_address' as identifier_type,
        work_email_normalized as identifier
    from requested_workers
    union all
    select
        employee_id,
        'email_address' as identifier_type,
        upn_normalized as identifier
    from requested_workers
    union all
    select
        employee_id,
        'email_address' as identifier_type,
        email as identifier
    from previous_emails
    union all
    select
        employee_id,
        'network_login' as identifier_type,
        network_login_normalized as identifier
    from requested_workers
),

derived_identifiers as (
    select
        employee_id,
        'network_login_in_json' as identifier_type,
        -- chr(92) is a backslash, written the same way on every engine.
        replace(identifier, chr(92), chr(92) || chr(92)) as identifier
    from plain_identifiers
    where identifier_type = 'network_login'
    union all
    select
        employee_id,
        'mbox_sha1sum' as identifier_type,
        lower({{ sha1_hex("'mailto:' || identifier") }}) as identifier
    from plain_identifiers
    where identifier_type = 'email_address'
),

all_identifiers as (
    select * from plain_identifiers
    union all
    select * from derived_identifiers
),

crosswalk_accounts as (
    select distinct
        all_identifiers.employee_id,
        crosswalk.system_name,
        lower(crosswalk.account_id) as account_id
    from crosswalk
    inner join all_identifiers
        on
            (
                all_identifiers.identifier_type = 'employee_id'
                and lower(crosswalk.employee_id) = all_identifiers.identifier
            )
            or (
                all_identifiers.identifier_type = 'email_address'
                and crosswalk.email_normalized = all_identifiers.identifier
            )
    where crosswalk._row_status = 'staged'
),

xapi_accounts as (
    select
        crosswalk_accounts.employee_id,
        crosswalk_accounts.account_id,
        {{ account_home_page_normalized('account_systems.home_page') }}
            as home_page
    from crosswalk_accounts
    inner join account_systems
        on
            crosswalk_accounts.system_name
            = lower(trim(account_systems.system_name))
    where account_systems.carries = 'system_id'
),

-- the JSON account object, lower case, keys in either order; spaces only
-- around ':' and ',' (a backslash would mean other things on Spark)
account_patterns as (
    select
        employee_id,
        'xapi_account_in_json' as identifier_type,
        '"' || account_id || '"' as identifier,
        '"homepage" *: *"' || {{ regexp_escape('home_page') }}
        || '/*" *, *"name" *: *"' || {{ regexp_escape('account_id') }}
        || '"|"name" *: *"' || {{ regexp_escape('account_id') }}
        || '" *, *"homepage" *: *"' || {{ regexp_escape('home_page') }}
        || '/*"' as token_pattern
    from xapi_accounts
),

final as (
    select distinct
        employee_id,
        identifier_type,
        identifier,
        {{ erasure_token_pattern('identifier') }} as token_pattern
    from all_identifiers
    where identifier is not null and identifier <> ''
    union all
    select * from account_patterns
)

select * from final
