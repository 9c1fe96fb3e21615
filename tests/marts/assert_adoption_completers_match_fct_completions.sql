-- Cross-mart consistency: the completers of each program cohort in
-- mart_program_adoption are exactly the rows of fct_completions for it.
with

adoption as (
    select * from {{ ref('mart_program_adoption') }}
),

completions as (
    select * from {{ ref('fct_completions') }}
),

completions_per_cohort as (
    select
        program_id,
        cohort_month,
        count(*) as completion_count
    from completions
    group by program_id, cohort_month
),

final as (
    select
        adoption.completer_count,
        completions_per_cohort.completion_count,
        coalesce(adoption.program_id, completions_per_cohort.program_id)
            as program_id,
        coalesce(adoption.cohort_month, completions_per_cohort.cohort_month)
            as cohort_month
    from adoption
    full outer join completions_per_cohort
        on
            adoption.program_id = completions_per_cohort.program_id
            and adoption.cohort_month = completions_per_cohort.cohort_month
    where
        coalesce(adoption.completer_count, 0)
        <> coalesce(completions_per_cohort.completion_count, 0)
)

select * from final
