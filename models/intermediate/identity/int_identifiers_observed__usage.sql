-- Step of int_identifiers_observed: the identifiers of the AI-usage sources
-- (Copilot report, AI activity export, seat lists, Okta, proxy), one row
-- per record and identifier; the parent de-duplicates. A hashed Copilot UPN
-- and an unrecognised proxy login keep their own type, unmatchable by HR.
{{ config(materialized='ephemeral') }}

with

m365_copilot as (
    select * from {{ ref('stg_m365_copilot__app_activity') }}
),

ai_activity as (
    select * from {{ ref('stg_ai_activity__daily_usage') }}
),

ai_seats as (
    select * from {{ ref('stg_ai_seats__seat_assignments') }}
),

okta as (
    select * from {{ ref('stg_okta__ai_sso_events') }}
),

proxy as (
    select * from {{ ref('stg_proxy__ai_requests') }}
),

observed as (
    select
        'm365_copilot' as source_system,
        case
            when m365_copilot.is_upn_hashed then 'hashed_upn'
            else 'email_address'
        end as identifier_type,
        m365_copilot.user_principal_name_normalized as identifier,
        cast(null as {{ dbt.type_string() }}) as salt
    from m365_copilot

    union all
    select
        'ai_activity' as source_system,
        'email_address' as identifier_type,
        ai_activity.user_name_normalized as identifier,
        null as salt
    from ai_activity

    union all
    select
        'ai_seats' as source_system,
        ai_seats.assignee_identifier_type as identifier_type,
        ai_seats.assignee_identifier as identifier,
        null as salt
    from ai_seats

    union all
    select
        'okta' as source_system,
        'email_address' as identifier_type,
        okta.actor_alternate_id_normalized as identifier,
        null as salt
    from okta

    union all
    select
        'proxy' as source_system,
        case proxy.login_type
            when 'domain_user' then 'network_login'
            when 'email' then 'email_address'
            else 'proxy_login'
        end as identifier_type,
        proxy.login_normalized as identifier,
        null as salt
    from proxy
),

final as (
    select * from observed
)

select * from final
