-- One row per person, consumer AI tool and day with allowed gateway
-- requests to a consumer host (ai_hosts.is_consumer), UTC date. Hosts that
-- serve an enterprise and a consumer offering alike (is_ambiguous, e.g.
-- chatgpt.com, claude.ai) are kept, flagged, but are never shadow AI: the
-- log cannot tell ChatGPT Enterprise from a personal account.
--   is_shadow_ai = consumer host, not ambiguous, and the tool is not
--                  sanctioned in the ai_tools seed.
-- A tool-day is ambiguous only when every request of the day went to an
-- ambiguous host. Only logins resolved to exactly one employee are used.
--
-- A table, rebuilt whole on every build, as int_activity_days.
{{ config(materialized='table') }}

with

proxy_requests as (
    select * from {{ ref('stg_proxy__ai_requests') }}
),

identities as (
    select * from {{ ref('int_identities_resolved') }}
),

ai_tools as (
    select * from {{ ref('ai_tools') }}
),

consumer_requests as (
    select
        tool_id,
        cast(requested_at as date) as activity_date,
        login_normalized as identifier,
        case login_type
            when 'domain_user' then 'network_login'
            when 'email' then 'email_address'
            else 'proxy_login'
        end as identifier_type,
        case when is_ambiguous then 1 else 0 end as is_ambiguous_host
    from proxy_requests
    where is_consumer
),

resolved as (
    select
        identities.employee_id,
        consumer_requests.tool_id,
        consumer_requests.activity_date,
        consumer_requests.is_ambiguous_host
    from consumer_requests
    inner join identities
        on
            identities.source_system = 'proxy'
            and consumer_requests.identifier_type = identities.identifier_type
            and consumer_requests.identifier = identities.identifier
    where consumer_requests.activity_date is not null
),

tool_days as (
    select
        employee_id,
        tool_id,
        activity_date,
        count(*) as request_count,
        min(is_ambiguous_host) = 1 as is_ambiguous
    from resolved
    group by employee_id, tool_id, activity_date
),

final as (
    select
        tool_days.employee_id,
        tool_days.tool_id,
        tool_days.activity_date,
        tool_days.request_count,
        tool_days.is_ambiguous,
        coalesce(ai_tools.is_sanctioned, false) as is_sanctioned,
        not tool_days.is_ambiguous
        and not coalesce(ai_tools.is_sanctioned, false) as is_shadow_ai
    from tool_days
    left join ai_tools
        on tool_days.tool_id = ai_tools.tool_id
)

select * from final
