-- Q4 per cycle: employed and shadow-AI person-weeks, and the trained ones,
-- over the fully observed weeks starting in the cycle; suppressed
-- organization-weeks (for the trained counts, those whose trained split is
-- suppressed) are left out.
with

shadow_ai as (
    select * from {{ ref('mart_shadow_ai') }}
),

final as (
    select
        cast({{ dbt.date_trunc('quarter', 'week_start_date') }} as date)
            as cycle_start_date,
        sum(case when not is_suppressed then employed_people else 0 end)
            as employed_person_weeks,
        sum(case when not is_suppressed then shadow_ai_people else 0 end)
            as shadow_ai_person_weeks,
        sum(
            case
                when not is_training_split_suppressed then trained_people
                else 0
            end
        ) as trained_person_weeks,
        sum(
            case
                when not is_training_split_suppressed
                    then trained_shadow_ai_people
                else 0
            end
        ) as trained_shadow_ai_person_weeks
    from shadow_ai
    where is_fully_observed
    group by cast({{ dbt.date_trunc('quarter', 'week_start_date') }} as date)
)

select * from final
