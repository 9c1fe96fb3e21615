-- Question 5: Which program content is older than the tools it teaches?
--
-- One row per program whose content was last updated before the newest
-- latest release of one of its target tools (mart_content_freshness), with
-- how far behind it is, its age on the as-of day (the last observed day),
-- whether it is stale (older than a quarter) and its adoption (pooled
-- completion rate and WAU@90), most outdated first.
with

freshness as (
    select * from {{ ref('mart_content_freshness') }}
),

final as (
    select
        program_id,
        program_name,
        platform,
        content_updated_date,
        newest_release_tool_id,
        newest_tool_release_date,
        release_lag_days,
        as_of_date,
        content_age_days,
        content_age_band,
        is_stale,
        completion_rate,
        wau_90_rate
    from freshness
    where is_older_than_tool_release
)

select * from final
order by release_lag_days desc, program_id asc
