-- Program x cohort month: completion next to weekly and monthly active use of
-- the program's target tools 30/60/90 days after completion, the baseline
-- before enrollment, the lift and the certification gap.
--
-- Cohort month: the month of completion; people who enrolled but have not
-- completed belong to the month they enrolled in, so that every enrolled
-- person is in exactly one cohort and completion_rate = completers /
-- enrolled. Where the platform exports only completions (Degreed) nobody
-- else is known to be enrolled, so completion_rate and the gap are null.
-- A WAU@N / MAU@N rate counts only completers whose day N has been
-- observed and who were employed on day N; it is null when none qualify.
{% set horizons = [30, 60, 90] %}

with

enrollments as (
    select * from {{ ref('int_program_enrollments_org_joined') }}
),

windows as (
    select * from {{ ref('int_completer_windows_measured') }}
),

baselines as (
    select * from {{ ref('int_enrollee_baselines_measured') }}
),

programs as (
    select * from {{ ref('dim_programs') }}
),

cohorted as (
    select
        enrollments.program_id,
        enrollments.is_completed,
        baselines.is_baseline_observed,
        baselines.baseline_weekly_active_rate,
        {% for n in horizons %}
            coalesce(
                windows.is_day_{{ n }}_observed
                and windows.is_employed_day_{{ n }},
                false
            ) as is_eligible_{{ n }},
            coalesce(windows.is_weekly_active_{{ n }}, false)
                as is_weekly_active_{{ n }},
            coalesce(windows.is_monthly_active_{{ n }}, false)
                as is_monthly_active_{{ n }},
        {% endfor %}
        cast({{ dbt.date_trunc(
            'month',
            'coalesce(enrollments.completed_date, '
            ~ 'cast(enrollments.enrolled_at as date))'
        ) }} as date) as cohort_month
    from enrollments
    left join windows
        on
            enrollments.employee_id = windows.employee_id
            and enrollments.program_id = windows.program_id
    left join baselines
        on
            enrollments.employee_id = baselines.employee_id
            and enrollments.program_id = baselines.program_id
),

aggregated as (
    select
        program_id,
        cohort_month,
        {% for n in horizons %}
            sum(case when is_eligible_{{ n }} then 1 else 0 end)
                as wau_{{ n }}_eligible_count,
            sum(
                case
                    when
                        is_eligible_{{ n }} and is_weekly_active_{{ n }}
                        then 1
                    else 0
                end
            ) as wau_{{ n }}_active_count,
            sum(
                case
                    when
                        is_eligible_{{ n }} and is_monthly_active_{{ n }}
                        then 1
                    else 0
                end
            ) as mau_{{ n }}_active_count,
        {% endfor %}
        count(*) as enrolled_count,
        sum(case when is_completed then 1 else 0 end) as completer_count,
        avg(
            case
                when is_baseline_observed then baseline_weekly_active_rate
            end
        ) as baseline_wau_rate
    from cohorted
    group by program_id, cohort_month
),

rated as (
    select
        aggregated.*,
        {% for n in horizons %}
            cast(aggregated.wau_{{ n }}_active_count as {{ type_double() }})
            / nullif(aggregated.wau_{{ n }}_eligible_count, 0)
                as wau_{{ n }}_rate,
            cast(aggregated.mau_{{ n }}_active_count as {{ type_double() }})
            / nullif(aggregated.wau_{{ n }}_eligible_count, 0)
                as mau_{{ n }}_rate,
        {% endfor %}
        case
            when programs.has_enrollment_data
                then
                    cast(aggregated.completer_count as {{ type_double() }})
                    / aggregated.enrolled_count
        end as completion_rate
    from aggregated
    inner join programs
        on aggregated.program_id = programs.program_id
),

final as (
    select
        program_id,
        cohort_month,
        cast(enrolled_count as {{ dbt.type_bigint() }}) as enrolled_count,
        cast(completer_count as {{ dbt.type_bigint() }}) as completer_count,
        completion_rate,
        baseline_wau_rate,
        wau_30_rate,
        wau_60_rate,
        wau_90_rate,
        mau_30_rate,
        mau_60_rate,
        mau_90_rate,
        cast(wau_30_eligible_count as {{ dbt.type_bigint() }})
            as wau_30_eligible_count,
        cast(wau_60_eligible_count as {{ dbt.type_bigint() }})
            as wau_60_eligible_count,
        cast(wau_90_eligible_count as {{ dbt.type_bigint() }})
            as wau_90_eligible_count,
        cast(wau_90_active_count as {{ dbt.type_bigint() }})
            as wau_90_active_count,
        wau_90_rate - baseline_wau_rate as lift_90,
        completion_rate - wau_90_rate as certification_gap,
        wau_90_rate >= {{ var('wau_target') }} as meets_wau_target,
        cast(
            {{ dbt.date_trunc('quarter', 'cohort_month') }} as date
        ) as cycle_start_date
    from rated
)

select * from final
