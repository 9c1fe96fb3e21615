-- One row per credential that no program leads to and anchor day (the day
-- of some holder's first unrevoked award): the non-holders the holders
-- anchored that day are compared with (mart_credential_outcomes). A
-- non-holder is anyone employed on day 90 who does not hold the
-- credential; active when the person used a sanctioned tool in days 84..90
-- (int_activity_days holds only those). holder_count (the holders anchored
-- that day) weights the day like the holders' own rate does.
--
-- Counted, not listed: one row per (non-holder, anchor day) is nearly the
-- whole workforce once per anchor day, 188 million rows at 100,000 people.
-- People are counted once per day 90 instead, and the credential's own
-- holders taken out of the count. A table: counting takes ~20 s at 100,000
-- people, which the mart and each data test would repeat on a view.
{{ config(materialized='table') }}

with

holders as (
    select * from {{ ref('int_credential_holders') }}
),

activity_days as (
    select * from {{ ref('int_activity_days') }}
),

spells as (
    select * from {{ ref('int_employment_spells') }}
),

observation_window as (
    select * from {{ ref('int_observed_days_bounded') }}
),

anchor_days as (
    select
        holders.credential_name,
        holders.first_issued_date as anchor_date,
        {{ dbt.dateadd('day', 90, 'holders.first_issued_date') }} as day_90,
        count(*) as holder_count
    from holders
    where holders.program_id is null
    group by holders.credential_name, holders.first_issued_date
),

days_90 as (
    select distinct day_90
    from anchor_days
),

employed_on_day_90 as (
    select distinct
        days_90.day_90,
        spells.employee_id
    from days_90
    inner join spells
        on
            days_90.day_90 >= spells.hire_date
            and (
                spells.termination_date is null
                or days_90.day_90 <= spells.termination_date
            )
),

active_in_days_84_to_90 as (
    select distinct
        days_90.day_90,
        activity_days.employee_id
    from activity_days
    inner join days_90
        on
            activity_days.activity_date
            between {{ dbt.dateadd('day', -6, 'days_90.day_90') }}
            and days_90.day_90
),

people_on_day_90 as (
    select
        employed_on_day_90.day_90,
        employed_on_day_90.employee_id,
        active_in_days_84_to_90.employee_id is not null as is_active
    from employed_on_day_90
    left join active_in_days_84_to_90
        on
            employed_on_day_90.day_90 = active_in_days_84_to_90.day_90
            and employed_on_day_90.employee_id
            = active_in_days_84_to_90.employee_id
),

day_90_counts as (
    select
        day_90,
        count(*) as employed_count,
        sum(case when is_active then 1 else 0 end) as active_count
    from people_on_day_90
    group by day_90
),

-- the credential's holders among those people (any anchor day's holders)
holder_counts as (
    select
        anchor_days.credential_name,
        anchor_days.anchor_date,
        count(*) as employed_count,
        sum(case when people_on_day_90.is_active then 1 else 0 end)
            as active_count
    from anchor_days
    inner join holders
        on anchor_days.credential_name = holders.credential_name
    inner join people_on_day_90
        on
            anchor_days.day_90 = people_on_day_90.day_90
            and holders.employee_id = people_on_day_90.employee_id
    group by anchor_days.credential_name, anchor_days.anchor_date
),

final as (
    select
        anchor_days.credential_name,
        anchor_days.anchor_date,
        cast(anchor_days.holder_count as {{ dbt.type_bigint() }})
            as holder_count,
        anchor_days.day_90 <= observation_window.last_observed_date
            as is_day_90_observed,
        cast(
            coalesce(day_90_counts.employed_count, 0)
            - coalesce(holder_counts.employed_count, 0)
            as {{ dbt.type_bigint() }}
        ) as non_holder_count,
        cast(
            coalesce(day_90_counts.active_count, 0)
            - coalesce(holder_counts.active_count, 0)
            as {{ dbt.type_bigint() }}
        ) as active_non_holder_count
    from anchor_days
    cross join observation_window
    left join day_90_counts
        on anchor_days.day_90 = day_90_counts.day_90
    left join holder_counts
        on
            anchor_days.credential_name = holder_counts.credential_name
            and anchor_days.anchor_date = holder_counts.anchor_date
)

select * from final
