-- Q1 per cycle, regular programs only (manager-reinforcement modules train
-- managers to coach and are question 3's subject): enrolled and completers
-- over the programs whose platform exports enrollments, WAU@90 eligible and
-- active completers over all of them; sums of counts, not means of rates.
with

program_adoption as (
    select * from {{ ref('mart_program_adoption') }}
),

programs as (
    select * from {{ ref('dim_programs') }}
),

final as (
    select
        program_adoption.cycle_start_date,
        sum(
            case
                when programs.has_enrollment_data
                    then program_adoption.enrolled_count
                else 0
            end
        ) as enrolled_count,
        sum(
            case
                when programs.has_enrollment_data
                    then program_adoption.completer_count
                else 0
            end
        ) as completer_count,
        sum(program_adoption.wau_90_eligible_count) as wau_90_eligible_count,
        sum(program_adoption.wau_90_active_count) as wau_90_active_count
    from program_adoption
    inner join programs
        on program_adoption.program_id = programs.program_id
    where not programs.is_manager_reinforcement
    group by program_adoption.cycle_start_date
)

select * from final
