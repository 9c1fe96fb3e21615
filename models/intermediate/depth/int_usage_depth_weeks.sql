-- One row per person x sanctioned tool x week (Monday) for people who used
-- the tool in the 12 weeks up to and including that week: how deep the use
-- went. active_days from int_activity_weeks_spined (any channel); over the
-- trailing 12 weeks, active weeks and days (habitual = active in at least 9
-- of the 12, DESIGN.md, judged only once 12 weeks have been observed);
-- interactions on the days an admin console reported some (null where no
-- console reports the tool); for m365_copilot, the Copilot apps with a
-- reported last-activity date in the week (Teams, Word, ...; a restated
-- date moves by a day within its app, so the count of apps barely moves).
-- Organization: in force on the week's last day.
with

weeks as (
    select * from {{ ref('int_activity_weeks_spined') }}
),

console_usage as (
    select * from {{ ref('stg_ai_activity__daily_usage') }}
),

copilot_reports as (
    select * from {{ ref('stg_m365_copilot__app_activity') }}
),

identities as (
    select * from {{ ref('int_identities_resolved') }}
),

history as (
    select * from {{ ref('int_employees_history') }}
),

trailing_weeks as (
    select
        *,
        count(*) over trailing_12 as observed_week_count,
        sum(case when is_active then 1 else 0 end) over trailing_12
            as active_week_count_12,
        sum(active_days) over trailing_12 as active_day_count_12
    from weeks
    window trailing_12 as (
        partition by employee_id, tool_id
        order by week_start_date
        rows between 11 preceding and current row
    )
),

console_weeks as (
    select
        identities.employee_id,
        console_usage.tool_id,
        cast(
            {{ dbt.date_trunc('week', 'console_usage.activity_date') }} as date
        ) as week_start_date,
        sum(console_usage.interaction_count) as interaction_count,
        count(distinct console_usage.activity_date) as console_day_count
    from console_usage
    inner join identities
        on
            identities.source_system = 'ai_activity'
            and identities.identifier_type = 'email_address'
            and console_usage.user_name_normalized = identities.identifier
    where console_usage.interaction_count > 0
    group by 1, 2, 3
),

copilot_app_weeks as (
    select
        identities.employee_id,
        copilot_reports.tool_id,
        cast({{ dbt.date_trunc(
            'week', 'copilot_reports.last_activity_date'
        ) }} as date) as week_start_date,
        count(distinct copilot_reports.app) as copilot_app_count
    from copilot_reports
    inner join identities
        on
            identities.source_system = 'm365_copilot'
            and identities.identifier_type = 'email_address'
            and copilot_reports.user_principal_name_normalized
            = identities.identifier
    where
        copilot_reports.tool_id = 'm365_copilot'
        and copilot_reports.last_activity_date
        <= copilot_reports.report_refresh_date
    group by 1, 2, 3
),

final as (
    select
        trailing_weeks.employee_id,
        trailing_weeks.tool_id,
        trailing_weeks.week_start_date,
        trailing_weeks.active_days,
        trailing_weeks.is_active,
        trailing_weeks.active_week_count_12,
        trailing_weeks.active_day_count_12,
        console_weeks.interaction_count,
        console_weeks.console_day_count,
        coalesce(history.organization, '(unknown)') as organization,
        trailing_weeks.observed_week_count = 12 as has_12_weeks,
        case
            when trailing_weeks.observed_week_count = 12
                then trailing_weeks.active_week_count_12 >= 9
        end as is_habitual,
        case
            when
                trailing_weeks.is_active
                and trailing_weeks.tool_id = 'm365_copilot'
                then coalesce(copilot_app_weeks.copilot_app_count, 0)
        end as copilot_app_count
    from trailing_weeks
    left join console_weeks
        on
            trailing_weeks.employee_id = console_weeks.employee_id
            and trailing_weeks.tool_id = console_weeks.tool_id
            and trailing_weeks.week_start_date = console_weeks.week_start_date
    left join copilot_app_weeks
        on
            trailing_weeks.employee_id = copilot_app_weeks.employee_id
            and trailing_weeks.tool_id = copilot_app_weeks.tool_id
            and trailing_weeks.week_start_date
            = copilot_app_weeks.week_start_date
    left join history
        on
            trailing_weeks.employee_id = history.employee_id
            and {{ valid_at('history', 'trailing_weeks.week_end_date') }}
    where trailing_weeks.active_day_count_12 > 0
)

select * from final
