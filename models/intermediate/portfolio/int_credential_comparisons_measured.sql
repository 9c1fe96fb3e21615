-- One row per credential x person x anchor day measured for the credential's
-- WAU@90 comparison of holders and non-holders (mart_credential_outcomes),
-- but for the non-holders of other credentials, which are counted (below).
-- A holder holds an unrevoked award of the credential. Day 0 is the anchor
-- day; a row is eligible when day 90 was observed and the person employed
-- that day, and active when the person used a tool of the credential's scope
-- in days 84..90.
--
-- Linked credentials (the programs seed names the program leading to them):
--   comparison_basis = 'program_completers'. The people compared are the
--   program's completers, holders and non-holders, anchored on their
--   completion day and measured on the program's target tools: the
--   program's own WAU@90 (int_completer_windows_measured). A holder who never
--   completed the program is not measured (there is no completion day).
-- Other credentials (no program leads to them):
--   comparison_basis = 'same_calendar_days'. Holders are anchored on the day
--   of their first unrevoked award and measured on any sanctioned tool
--   (int_activity_days holds only those). Their non-holders, everyone else
--   employed on day 90 of a holder's anchor day, are counted per anchor day
--   in int_credential_non_holders_counted, not listed here.
with

awards as (
    select * from {{ ref('int_credentials_awarded') }}
),

windows as (
    select * from {{ ref('int_completer_windows_measured') }}
),

activity_days as (
    select * from {{ ref('int_activity_days') }}
),

spells as (
    select * from {{ ref('int_employment_spells') }}
),

observation_window as (
    select * from {{ ref('int_observed_days_bounded') }}
),

holders as (
    select * from {{ ref('int_credential_holders') }}
),

credentials as (
    select
        credential_name,
        max(program_id) as program_id
    from awards
    group by credential_name
),

linked_measured as (
    select
        credentials.credential_name,
        credentials.program_id,
        'program_completers' as comparison_basis,
        windows.employee_id,
        holders.employee_id is not null as is_holder,
        windows.completed_date as anchor_date,
        coalesce(
            windows.is_day_90_observed and windows.is_employed_day_90, false
        ) as is_eligible_90,
        windows.is_weekly_active_90
    from credentials
    inner join windows
        on credentials.program_id = windows.program_id
    left join holders
        on
            credentials.credential_name = holders.credential_name
            and windows.employee_id = holders.employee_id
),

unlinked_holders as (
    select
        holders.credential_name,
        holders.employee_id,
        holders.first_issued_date as anchor_date
    from holders
    where holders.program_id is null
),

unlinked_employed_holders as (
    select distinct
        unlinked_holders.credential_name,
        unlinked_holders.employee_id,
        unlinked_holders.anchor_date
    from unlinked_holders
    inner join spells
        on
            unlinked_holders.employee_id = spells.employee_id
            and spells.hire_date
            <= {{ dbt.dateadd('day', 90, 'unlinked_holders.anchor_date') }}
            and (
                spells.termination_date is null
                or {{ dbt.dateadd('day', 90, 'unlinked_holders.anchor_date') }}
                <= spells.termination_date
            )
),

unlinked_active as (
    select distinct
        unlinked_holders.credential_name,
        unlinked_holders.employee_id,
        unlinked_holders.anchor_date
    from unlinked_holders
    inner join activity_days
        on
            unlinked_holders.employee_id = activity_days.employee_id
            and activity_days.activity_date
            between {{ dbt.dateadd('day', 84, 'unlinked_holders.anchor_date') }}
            and {{ dbt.dateadd('day', 90, 'unlinked_holders.anchor_date') }}
),

unlinked_measured as (
    select
        unlinked_holders.credential_name,
        cast(null as {{ dbt.type_string() }}) as program_id,
        'same_calendar_days' as comparison_basis,
        unlinked_holders.employee_id,
        true as is_holder,
        unlinked_holders.anchor_date,
        {{ dbt.dateadd('day', 90, 'unlinked_holders.anchor_date') }}
        <= observation_window.last_observed_date
        and unlinked_employed_holders.employee_id is not null
            as is_eligible_90,
        unlinked_active.employee_id is not null as is_weekly_active_90
    from unlinked_holders
    cross join observation_window
    left join unlinked_employed_holders
        on
            unlinked_holders.credential_name
            = unlinked_employed_holders.credential_name
            and unlinked_holders.employee_id
            = unlinked_employed_holders.employee_id
            and unlinked_holders.anchor_date
            = unlinked_employed_holders.anchor_date
    left join unlinked_active
        on
            unlinked_holders.credential_name = unlinked_active.credential_name
            and unlinked_holders.employee_id = unlinked_active.employee_id
            and unlinked_holders.anchor_date = unlinked_active.anchor_date
),

measured as (
    select * from linked_measured
    union all
    select * from unlinked_measured
),

final as (
    select
        credential_name,
        program_id,
        comparison_basis,
        employee_id,
        is_holder,
        anchor_date,
        is_eligible_90,
        is_weekly_active_90
    from measured
)

select * from final
