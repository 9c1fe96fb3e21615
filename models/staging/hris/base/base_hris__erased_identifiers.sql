{{ config(materialized='ephemeral') }}

-- Every identifier of a person whose erasure was requested, lower case, with
-- the regular expression that finds it as a whole token in a raw line:
-- the employee id, work e-mails, UPNs and previous e-mails, network logins
-- (also as written inside JSON, backslash escaped) and xAPI mbox_sha1sum.
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

final as (
    select distinct
        employee_id,
        identifier_type,
        identifier,
        {{ erasure_token_pattern('identifier') }} as token_pattern
    from all_identifiers
    where identifier is not null and identifier <> ''
)

select * from final
