-- Question 1: What is the 90-day weekly-active-use rate for the tools people
-- were trained on in the most recent cycle, next to the completion rate?
--
-- One row per program of the most recent cycle (calendar quarter) whose
-- WAU@90 can be read: the latest cycle whose completers have all reached
-- day 90 (is_wau_90_fully_observed); while none has, the latest with any
-- completer measured. Each row carries the program's own rates and the
-- cycle's headline pooled over the regular programs
-- (mart_executive_scorecard), so the total and its parts sit side by side.
-- Completion rate = completers / enrolled (null for platforms that export
-- completions only); WAU@90 = completers active on a target tool in days
-- 84..90 after completion / completers observed and employed on day 90.
with

scorecard as (
    select * from {{ ref('mart_executive_scorecard') }}
),

program_adoption as (
    select * from {{ ref('mart_program_adoption') }}
),

programs as (
    select * from {{ ref('dim_programs') }}
),

latest_cycle as (
    select
        cycle_start_date,
        is_wau_90_fully_observed,
        completion_rate as cycle_completion_rate,
        wau_90_rate as cycle_wau_90_rate,
        certification_gap as cycle_certification_gap,
        meets_wau_target as cycle_meets_wau_target
    from scorecard
    where wau_90_eligible_count > 0
    order by is_wau_90_fully_observed desc, cycle_start_date desc
    limit 1
),

program_cycle as (
    select
        program_adoption.program_id,
        sum(program_adoption.enrolled_count) as enrolled_count,
        sum(program_adoption.completer_count) as completer_count,
        sum(program_adoption.wau_90_eligible_count) as wau_90_eligible_count,
        sum(program_adoption.wau_90_active_count) as wau_90_active_count
    from program_adoption
    inner join latest_cycle
        on program_adoption.cycle_start_date = latest_cycle.cycle_start_date
    group by program_adoption.program_id
),

final as (
    select
        latest_cycle.cycle_start_date,
        latest_cycle.is_wau_90_fully_observed,
        programs.program_id,
        programs.program_name,
        programs.target_tool_ids,
        programs.is_manager_reinforcement,
        program_cycle.enrolled_count,
        program_cycle.completer_count,
        case
            when programs.has_enrollment_data
                then
                    cast(program_cycle.completer_count as {{ type_double() }})
                    / nullif(program_cycle.enrolled_count, 0)
        end as completion_rate,
        program_cycle.wau_90_eligible_count,
        cast(program_cycle.wau_90_active_count as {{ type_double() }})
        / nullif(program_cycle.wau_90_eligible_count, 0) as wau_90_rate,
        latest_cycle.cycle_completion_rate,
        latest_cycle.cycle_wau_90_rate,
        latest_cycle.cycle_certification_gap,
        latest_cycle.cycle_meets_wau_target
    from program_cycle
    cross join latest_cycle
    inner join programs
        on program_cycle.program_id = programs.program_id
)

select * from final
order by wau_90_rate desc, program_id asc
