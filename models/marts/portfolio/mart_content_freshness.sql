-- Question 5. One row per program: how old its content is, against the
-- latest release of the tools it teaches, next to its adoption.
--
-- As-of day: the last observed day (int_observed_days_bounded), not
-- current_date, so the answer is reproducible from the data. Content age =
-- days from content_updated_date to that day (negative when the programs
-- seed records an update after it).
-- Two flags, because they answer different questions:
--   is_older_than_tool_release  the content was last updated before the
--                               newest latest_release_date among the
--                               program's target tools (question 5; the
--                               release dates are the ai_tools seed's)
--   is_stale                    content older than a quarter: content age >
--                               91 days (DESIGN.md "content older than a
--                               quarter is flagged"); 91 days is not stale
-- Adoption: the program's pooled rates over every cohort of
-- mart_program_adoption: completers / enrolled (null where the platform
-- exports completions only) and WAU@90 = active / eligible completers.
{%- set stale_after_days = 91 %}
with

programs as (
    select * from {{ ref('dim_programs') }}
),

program_tools as (
    select * from {{ ref('int_program_tools_joined') }}
),

adoption as (
    select * from {{ ref('mart_program_adoption') }}
),

observation_window as (
    select * from {{ ref('int_observed_days_bounded') }}
),

newest_releases as (
    select
        program_id,
        max(latest_release_date) as newest_tool_release_date
    from program_tools
    group by program_id
),

newest_release_tools as (
    select
        newest_releases.program_id,
        newest_releases.newest_tool_release_date,
        min(program_tools.tool_id) as newest_release_tool_id
    from newest_releases
    inner join program_tools
        on
            newest_releases.program_id = program_tools.program_id
            and newest_releases.newest_tool_release_date
            = program_tools.latest_release_date
    group by
        newest_releases.program_id,
        newest_releases.newest_tool_release_date
),

program_adoption as (
    select
        program_id,
        sum(enrolled_count) as enrolled_count,
        sum(completer_count) as completer_count,
        sum(wau_90_eligible_count) as wau_90_eligible_count,
        sum(wau_90_active_count) as wau_90_active_count
    from adoption
    group by program_id
),

aged as (
    select
        programs.program_id,
        programs.program_name,
        programs.platform,
        programs.is_manager_reinforcement,
        programs.target_tool_ids,
        programs.content_updated_date,
        observation_window.last_observed_date as as_of_date,
        {{ dbt.datediff(
            'programs.content_updated_date',
            'observation_window.last_observed_date',
            'day'
        ) }} as content_age_days,
        newest_release_tools.newest_tool_release_date,
        newest_release_tools.newest_release_tool_id,
        {{ dbt.datediff(
            'programs.content_updated_date',
            'newest_release_tools.newest_tool_release_date',
            'day'
        ) }} as release_lag_days,
        programs.has_enrollment_data,
        coalesce(program_adoption.enrolled_count, 0) as enrolled_count,
        coalesce(program_adoption.completer_count, 0) as completer_count,
        coalesce(program_adoption.wau_90_eligible_count, 0)
            as wau_90_eligible_count,
        coalesce(program_adoption.wau_90_active_count, 0)
            as wau_90_active_count
    from programs
    cross join observation_window
    left join newest_release_tools
        on programs.program_id = newest_release_tools.program_id
    left join program_adoption
        on programs.program_id = program_adoption.program_id
),

final as (
    select
        program_id,
        program_name,
        platform,
        is_manager_reinforcement,
        target_tool_ids,
        content_updated_date,
        as_of_date,
        cast(content_age_days as {{ dbt.type_int() }}) as content_age_days,
        case
            when content_age_days <= {{ stale_after_days }}
                then 'up to 1 quarter'
            when content_age_days <= {{ 2 * stale_after_days }}
                then '1 to 2 quarters'
            when content_age_days > {{ 2 * stale_after_days }}
                then 'over 2 quarters'
        end as content_age_band,
        newest_tool_release_date,
        newest_release_tool_id,
        cast(release_lag_days as {{ dbt.type_int() }}) as release_lag_days,
        coalesce(
            content_updated_date < newest_tool_release_date, false
        ) as is_older_than_tool_release,
        content_age_days > {{ stale_after_days }} as is_stale,
        cast(enrolled_count as {{ dbt.type_bigint() }}) as enrolled_count,
        cast(completer_count as {{ dbt.type_bigint() }}) as completer_count,
        case
            when has_enrollment_data
                then
                    cast(completer_count as {{ type_double() }})
                    / nullif(enrolled_count, 0)
        end as completion_rate,
        cast(wau_90_eligible_count as {{ dbt.type_bigint() }})
            as wau_90_eligible_count,
        cast(wau_90_active_count as {{ dbt.type_bigint() }})
            as wau_90_active_count,
        cast(wau_90_active_count as {{ type_double() }})
        / nullif(wau_90_eligible_count, 0) as wau_90_rate
    from aged
)

select * from final
