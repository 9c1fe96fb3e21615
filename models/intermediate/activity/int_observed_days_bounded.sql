-- One row: the days the AI usage sources cover, as the intersection of each
-- channel's coverage. A day counts as observed only when every channel that
-- delivered data has reported it, so a missing day is never read as "no
-- use" just because one feed has not caught up yet (the Copilot report lags
-- the logs by up to 3 days).
--   m365_copilot  first .. last report refresh date (a snapshot speaks for
--                 days up to its refresh date; last-activity dates before
--                 the first snapshot are real but say nothing about the
--                 days around them)
--   ai_activity   first .. last console export date (any row, even
--                 0 interactions)
--   okta          first .. last UTC date of a staged AI SSO event
--   proxy         first .. last UTC date of a staged AI request (consumer
--                 hosts included: it is the same log)
-- first_observed_date = the latest channel start, last_observed_date = the
-- earliest channel end. The marts use last_observed_date to decide whether
-- day N after training has been observed.
{{ config(materialized='table') }}

with

copilot_reports as (
    select * from {{ ref('stg_m365_copilot__app_activity') }}
),

console_usage as (
    select * from {{ ref('stg_ai_activity__daily_usage') }}
),

sso_events as (
    select * from {{ ref('stg_okta__ai_sso_events') }}
),

proxy_requests as (
    select * from {{ ref('stg_proxy__ai_requests') }}
),

channel_days as (
    select
        'm365_copilot' as channel,
        report_refresh_date as covered_date
    from copilot_reports
    union all
    select
        'ai_activity' as channel,
        activity_date as covered_date
    from console_usage
    union all
    select
        'okta' as channel,
        cast(published_at as date) as covered_date
    from sso_events
    union all
    select
        'proxy' as channel,
        cast(requested_at as date) as covered_date
    from proxy_requests
),

channel_coverage as (
    select
        channel,
        min(covered_date) as first_covered_date,
        max(covered_date) as last_covered_date
    from channel_days
    where covered_date is not null
    group by channel
),

window_bounds as (
    select
        max(first_covered_date) as first_observed_date,
        min(last_covered_date) as last_observed_date,
        count(*) as channel_count,
        max(
            case when channel = 'm365_copilot' then first_covered_date end
        ) as m365_copilot_first_date,
        max(
            case when channel = 'm365_copilot' then last_covered_date end
        ) as m365_copilot_last_date,
        max(
            case when channel = 'ai_activity' then first_covered_date end
        ) as ai_activity_first_date,
        max(
            case when channel = 'ai_activity' then last_covered_date end
        ) as ai_activity_last_date,
        max(
            case when channel = 'okta' then first_covered_date end
        ) as okta_first_date,
        max(
            case when channel = 'okta' then last_covered_date end
        ) as okta_last_date,
        max(
            case when channel = 'proxy' then first_covered_date end
        ) as proxy_first_date,
        max(
            case when channel = 'proxy' then last_covered_date end
        ) as proxy_last_date
    from channel_coverage
),

final as (
    select
        first_observed_date,
        last_observed_date,
        {{ dbt.datediff('first_observed_date', 'last_observed_date', 'day') }}
        + 1 as observed_day_count,
        channel_count,
        m365_copilot_first_date,
        m365_copilot_last_date,
        ai_activity_first_date,
        ai_activity_last_date,
        okta_first_date,
        okta_last_date,
        proxy_first_date,
        proxy_last_date
    from window_bounds
)

select * from final
