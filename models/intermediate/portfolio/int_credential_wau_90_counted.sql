-- Per credential, the WAU@90 measurements behind mart_credential_outcomes:
-- holders measured and active, and non-holders measured with the weights
-- of their rate. For a credential a program leads to, the program's
-- completers compared person by person (int_credential_comparisons_measured);
-- for any other, each anchor day's non-holders weighted by that day's
-- holders (int_credential_non_holders_counted). Eligible measurements only:
-- day 90 observed, employed.
with

comparisons as (
    select * from {{ ref('int_credential_comparisons_measured') }}
),

non_holder_counts as (
    select * from {{ ref('int_credential_non_holders_counted') }}
),

measured_people as (
    select
        credential_name,
        max(comparison_basis) as comparison_basis,
        sum(
            case when is_holder and is_eligible_90 then 1 else 0 end
        ) as holder_measured_count,
        sum(
            case
                when is_holder and is_eligible_90 and is_weekly_active_90
                    then 1
                else 0
            end
        ) as holder_active_count,
        sum(
            case when not is_holder and is_eligible_90 then 1 else 0 end
        ) as non_holder_measured_count,
        sum(
            case
                when
                    not is_holder and is_eligible_90 and is_weekly_active_90
                    then 1
                else 0
            end
        ) as non_holder_active_count
    from comparisons
    group by credential_name
),

-- other credentials: each anchor day's non-holders, weighted by its holders
counted_non_holders as (
    select
        credential_name,
        sum(
            case when is_day_90_observed then non_holder_count else 0 end
        ) as non_holder_measured_count,
        sum(
            case
                when is_day_90_observed then non_holder_count * holder_count
                else 0
            end
        ) as non_holder_measured_weight,
        sum(
            case
                when is_day_90_observed
                    then active_non_holder_count * holder_count
                else 0
            end
        ) as non_holder_active_weight
    from non_holder_counts
    group by credential_name
),

final as (
    select
        measured_people.credential_name,
        measured_people.comparison_basis,
        measured_people.holder_measured_count,
        measured_people.holder_active_count,
        measured_people.non_holder_measured_count
        + coalesce(counted_non_holders.non_holder_measured_count, 0)
            as non_holder_measured_count,
        measured_people.non_holder_measured_count
        + coalesce(counted_non_holders.non_holder_measured_weight, 0)
            as non_holder_measured_weight,
        measured_people.non_holder_active_count
        + coalesce(counted_non_holders.non_holder_active_weight, 0)
            as non_holder_active_weight
    from measured_people
    left join counted_non_holders
        on measured_people.credential_name = counted_non_holders.credential_name
)

select * from final
