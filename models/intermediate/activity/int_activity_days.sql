-- One row per person, sanctioned AI tool and day of use, with the channels
-- that saw it: the Microsoft 365 Copilot usage report (rule below), an
-- admin console, Okta SSO and the gateway (the steps
-- int_activity_days__console, __sso and __proxy say which of their rows
-- count). Only identifiers resolved to exactly one employee are used; the
-- others are listed in audit_identity_unmatched.
--
-- The Copilot rule. The Graph report holds last-activity dates, not events;
-- it lags up to 3 days and may restate. Every distinct last-activity date
-- ever reported for a (user, app) in any snapshot is an active day of that
-- app's tool (Teams, Word, Excel, PowerPoint, Outlook, OneNote and Loop ->
-- m365_copilot; Copilot Chat -> copilot_chat), provided it is not after
-- that snapshot's report refresh date, and unless it was restated away:
--   1. by a newer download of the same refresh date (the step
--      int_activity_days__copilot reads only the newest download);
--   2. a snapshot says the user was active on its date D and NOT active on
--      any day after D up to its refresh date R; a date that another
--      snapshot of the same user and app rules out this way (an earlier D
--      with R on or after the date) was corrected by a later download and
--      is not used, whatever that download's refresh date.
-- Days between two reported dates are unknown, not inactive: Copilot
-- active days are a lower bound.
--
-- A table, rebuilt whole on every build: an HR change re-resolves every
-- day, and a Copilot report can rule out days long past (rule 2). Its
-- inputs are the base tables, so the raw files are not read again.
{{ config(materialized='table') }}

with

copilot_reports as (
    select * from {{ ref('int_activity_days__copilot') }}
),

console_days as (
    select * from {{ ref('int_activity_days__console') }}
),

sso_days as (
    select * from {{ ref('int_activity_days__sso') }}
),

proxy_days as (
    select * from {{ ref('int_activity_days__proxy') }}
),

identities as (
    select * from {{ ref('int_identities_resolved') }}
),

ai_tools as (
    select * from {{ ref('ai_tools') }}
),

sanctioned_tools as (
    select tool_id
    from ai_tools
    where is_sanctioned
),

copilot_reported as (
    select
        user_principal_name_normalized,
        is_upn_hashed,
        app,
        tool_id,
        last_activity_date,
        max(report_refresh_date) as last_reported_refresh_date
    from copilot_reports
    group by
        user_principal_name_normalized,
        is_upn_hashed,
        app,
        tool_id,
        last_activity_date
),

copilot_checked as (
    select
        *,
        -- the latest refresh date at which an earlier date was still the
        -- last activity: that snapshot saw no activity up to that day
        max(last_reported_refresh_date) over (
            partition by user_principal_name_normalized, app
            order by last_activity_date
            rows between unbounded preceding and 1 preceding
        ) as inactive_until_date
    from copilot_reported
),

copilot_days as (
    select
        tool_id,
        last_activity_date as activity_date,
        user_principal_name_normalized as identifier,
        'm365_copilot' as source_system,
        case
            when is_upn_hashed then 'hashed_upn'
            else 'email_address'
        end as identifier_type
    from copilot_checked
    where
        inactive_until_date is null
        or inactive_until_date < last_activity_date
),

channel_days as (
    select * from copilot_days
    union all
    select * from console_days
    union all
    select * from sso_days
    union all
    select * from proxy_days
),

resolved as (
    select
        identities.employee_id,
        channel_days.tool_id,
        channel_days.activity_date,
        channel_days.source_system
    from channel_days
    inner join identities
        on
            channel_days.source_system = identities.source_system
            and channel_days.identifier_type = identities.identifier_type
            and channel_days.identifier = identities.identifier
    inner join sanctioned_tools
        on channel_days.tool_id = sanctioned_tools.tool_id
    where channel_days.activity_date is not null
),

final as (
    select
        employee_id,
        tool_id,
        activity_date,
        max(case when source_system = 'm365_copilot' then 1 else 0 end)
        = 1 as has_copilot_report,
        max(case when source_system = 'ai_activity' then 1 else 0 end)
        = 1 as has_console_activity,
        max(case when source_system = 'okta' then 1 else 0 end)
        = 1 as has_sso,
        max(case when source_system = 'proxy' then 1 else 0 end)
        = 1 as has_proxy_hit
    from resolved
    group by employee_id, tool_id, activity_date
)

select * from final
