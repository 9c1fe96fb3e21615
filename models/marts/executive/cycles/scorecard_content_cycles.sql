-- Q5 on the cycle of the as-of day (the last observed day): programs whose
-- content is stale and programs older than their tools' latest release.
-- Only the current content is known, so earlier cycles have no row.
with

freshness as (
    select * from {{ ref('mart_content_freshness') }}
),

final as (
    select
        cast({{ dbt.date_trunc('quarter', 'as_of_date') }} as date)
            as cycle_start_date,
        sum(case when is_stale then 1 else 0 end) as stale_program_count,
        sum(case when is_older_than_tool_release then 1 else 0 end)
            as older_than_tool_release_program_count,
        count(*) as program_count
    from freshness
    group by cast({{ dbt.date_trunc('quarter', 'as_of_date') }} as date)
)

select * from final
