-- Share of each source's distinct identifiers tied to exactly one employee.
-- A data-quality figure with a per-source floor (var identity_match_rate_min).
-- An xAPI Group's own identifier names no person, so it is not counted.
with

candidates as (
    select * from {{ ref('int_identifier_candidates') }}
),

identifiers as (
    select distinct
        source_system,
        identifier_type,
        identifier,
        salt,
        candidate_count
    from candidates
    where identifier_type <> 'xapi_group'
),

final as (
    select
        source_system,
        count(*) as identifier_count,
        sum(case when candidate_count = 1 then 1 else 0 end) as matched_count,
        sum(case when candidate_count > 1 then 1 else 0 end) as ambiguous_count,
        sum(case when candidate_count = 0 then 1 else 0 end) as unmatched_count,
        cast(
            sum(case when candidate_count = 1 then 1 else 0 end)
            as {{ type_double() }}
        )
        / count(*) as match_rate
    from identifiers
    group by source_system
)

select * from final
