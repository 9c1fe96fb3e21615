-- Question 4: Where do trained people use consumer AI tools instead of the
-- sanctioned ones?
--
-- One row per organization over the fully observed weeks of the data
-- (mart_shadow_ai): trained person-weeks, the share of them with shadow AI
-- use (traffic to a consumer AI host that is neither sanctioned nor
-- ambiguous), the same share for untrained people for comparison, and the
-- reverted person-weeks (trained people whose sanctioned use stopped while
-- consumer use continued). Organization-weeks whose trained / untrained
-- split is suppressed (fewer than var('min_group_size') people on a side)
-- are left out. Highest trained shadow-AI rate first.
with

shadow_ai as (
    select * from {{ ref('mart_shadow_ai') }}
),

shown_weeks as (
    select * from shadow_ai
    where is_fully_observed and not is_training_split_suppressed
),

final as (
    select
        organization,
        count(*) as week_count,
        sum(trained_people) as trained_person_weeks,
        sum(trained_shadow_ai_people) as trained_shadow_ai_person_weeks,
        cast(sum(trained_shadow_ai_people) as {{ type_double() }})
        / nullif(sum(trained_people), 0) as trained_shadow_ai_rate,
        cast(sum(untrained_shadow_ai_people) as {{ type_double() }})
        / nullif(sum(untrained_people), 0) as untrained_shadow_ai_rate,
        sum(reverted_people) as reverted_person_weeks,
        cast(sum(reverted_people) as {{ type_double() }})
        / nullif(sum(trained_people), 0) as reverted_rate
    from shown_weeks
    group by organization
)

select * from final
order by trained_shadow_ai_rate desc, organization asc
