-- Cross-mart consistency: every program in the adoption curve and the
-- training effect is a program with completers in mart_program_adoption.
with

adoption as (
    select * from {{ ref('mart_program_adoption') }}
),

curve as (
    select * from {{ ref('mart_adoption_curve') }}
),

training_effect as (
    select * from {{ ref('mart_training_effect') }}
),

programs_with_completers as (
    select program_id
    from adoption
    group by program_id
    having sum(completer_count) > 0
),

reported as (
    select distinct program_id from curve
    union
    select distinct program_id from training_effect
),

final as (
    select reported.program_id
    from reported
    left join programs_with_completers
        on reported.program_id = programs_with_completers.program_id
    where programs_with_completers.program_id is null
)

select * from final
