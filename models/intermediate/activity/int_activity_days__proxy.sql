-- Step of int_activity_days (ephemeral): the proxy channel. An allowed
-- gateway request to a non-consumer AI host is a day of use of its tool, on
-- its UTC date. An ambiguous host (enterprise and consumer use on one host,
-- e.g. chatgpt.com) never counts, even when mapped to a sanctioned tool:
-- the request cannot tell which was used.
{{ config(materialized='ephemeral') }}

with

proxy_requests as (
    select * from {{ ref('stg_proxy__ai_requests') }}
),

final as (
    select
        tool_id,
        cast(requested_at as date) as activity_date,
        login_normalized as identifier,
        'proxy' as source_system,
        case login_type
            when 'domain_user' then 'network_login'
            when 'email' then 'email_address'
            else 'proxy_login'
        end as identifier_type
    from proxy_requests
    where not is_consumer and not is_ambiguous
)

select * from final
