-- One row per credential (credential_name): assessment-backed or not, how
-- many people hold it and what share of the workforce that is (credential
-- inflation), and whether holders use the AI tools more than non-holders.
--
-- Holder: a person with an unrevoked award (expiry is not considered;
-- int_credential_holders).
-- Share of workforce: holders employed on the last observed day / people
-- employed that day.
-- Assessment-backed: every award of the credential is (evidence, or a
-- vendor certification); one that can also be had without an assessment is
-- not. assessment_backed_award_share shows the mix.
-- WAU@90 of holders vs non-holders (int_credential_wau_90_counted):
-- for a credential a program leads to, among the program's completers, on
-- its target tools from the completion day; for any other credential,
-- holders from their award day against everyone else employed in the same
-- calendar days, on any sanctioned tool (comparison_basis says which).
-- Rates count eligible measurements only (day 90 observed, employed) and are
-- null when there are none; the non-holders' rate weights each anchor day
-- by its holders (holder_count).
--
-- Suppression (var min_group_size): a rate over a handful of holders tells
-- anyone who knows them how they use the tools. When fewer holders (or
-- non-holder measurements) than min_group_size were measured,
-- is_wau_suppressed is true and both rates and their difference are null;
-- the counts stay visible.
{% set min_group_size = var('min_group_size') %}

with

awards as (
    select * from {{ ref('int_credentials_awarded') }}
),

credential_holders as (
    select * from {{ ref('int_credential_holders') }}
),

wau as (
    select * from {{ ref('int_credential_wau_90_counted') }}
),

spells as (
    select * from {{ ref('int_employment_spells') }}
),

observation_window as (
    select * from {{ ref('int_observed_days_bounded') }}
),

employed_at_as_of as (
    select distinct spells.employee_id
    from spells
    cross join observation_window
    where
        spells.hire_date <= observation_window.last_observed_date
        and (
            spells.termination_date is null
            or observation_window.last_observed_date
            <= spells.termination_date
        )
),

workforce as (
    select count(*) as workforce_count
    from employed_at_as_of
),

credential_awards as (
    select
        credential_name,
        max(program_id) as program_id,
        count(*) as award_count,
        sum(case when is_revoked then 1 else 0 end) as revoked_award_count,
        sum(case when is_assessment_backed then 1 else 0 end)
            as assessment_backed_award_count
    from awards
    group by credential_name
),

holders as (
    select
        credential_name,
        employee_id
    from credential_holders
),

holder_counts as (
    select
        holders.credential_name,
        count(*) as holder_count,
        count(employed_at_as_of.employee_id) as employed_holder_count
    from holders
    left join employed_at_as_of
        on holders.employee_id = employed_at_as_of.employee_id
    group by holders.credential_name
),

rated as (
    select
        credential_awards.credential_name,
        credential_awards.program_id,
        credential_awards.award_count,
        credential_awards.revoked_award_count,
        credential_awards.assessment_backed_award_count,
        coalesce(holder_counts.holder_count, 0) as holder_count,
        coalesce(holder_counts.employed_holder_count, 0)
            as employed_holder_count,
        workforce.workforce_count,
        observation_window.last_observed_date as as_of_date,
        coalesce(
            wau.comparison_basis,
            case
                when credential_awards.program_id is not null
                    then 'program_completers'
                else 'same_calendar_days'
            end
        ) as comparison_basis,
        coalesce(wau.holder_measured_count, 0) as holder_measured_count,
        coalesce(wau.non_holder_measured_count, 0)
            as non_holder_measured_count,
        cast(wau.holder_active_count as {{ type_double() }})
        / nullif(wau.holder_measured_count, 0) as holder_wau_90_rate,
        cast(wau.non_holder_active_weight as {{ type_double() }})
        / nullif(wau.non_holder_measured_weight, 0) as non_holder_wau_90_rate
    from credential_awards
    cross join workforce
    cross join observation_window
    left join holder_counts
        on credential_awards.credential_name = holder_counts.credential_name
    left join wau
        on credential_awards.credential_name = wau.credential_name
),

suppressed as (
    select
        *,
        holder_measured_count < {{ min_group_size }}
        or non_holder_measured_count < {{ min_group_size }}
            as is_wau_suppressed
    from rated
),

final as (
    select
        credential_name,
        program_id,
        program_id is not null as is_linked_to_program,
        assessment_backed_award_count = award_count as is_assessment_backed,
        cast(assessment_backed_award_count as {{ type_double() }})
        / award_count as assessment_backed_award_share,
        cast(award_count as {{ dbt.type_bigint() }}) as award_count,
        cast(revoked_award_count as {{ dbt.type_bigint() }})
            as revoked_award_count,
        cast(holder_count as {{ dbt.type_bigint() }}) as holder_count,
        cast(employed_holder_count as {{ dbt.type_bigint() }})
            as employed_holder_count,
        cast(workforce_count as {{ dbt.type_bigint() }}) as workforce_count,
        cast(employed_holder_count as {{ type_double() }})
        / nullif(workforce_count, 0) as workforce_share,
        as_of_date,
        comparison_basis,
        cast(holder_measured_count as {{ dbt.type_bigint() }})
            as holder_measured_count,
        cast(non_holder_measured_count as {{ dbt.type_bigint() }})
            as non_holder_measured_count,
        is_wau_suppressed,
        case
            when not is_wau_suppressed then holder_wau_90_rate
        end as holder_wau_90_rate,
        case
            when not is_wau_suppressed then non_holder_wau_90_rate
        end as non_holder_wau_90_rate,
        case
            when not is_wau_suppressed
                then holder_wau_90_rate - non_holder_wau_90_rate
        end as wau_90_difference
    from suppressed
)

select * from final
