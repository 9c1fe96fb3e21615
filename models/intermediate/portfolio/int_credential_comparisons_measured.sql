-- One row per credential x person x anchor day measured for the credential's
-- WAU@90 comparison of holders and non-holders (mart_credential_outcomes).
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
--   of their first unrevoked award; non-holders are everyone employed on day
--   90 of a holder's anchor day who does not hold the credential, measured
--   over the same calendar days, one row per (non-holder, anchor day). The
--   scope is any sanctioned tool (int_activity_days holds only those).
--   anchor_weight = the number of holders anchored that day, so that the
--   non-holders' rate weights each anchor day like the holders' rate does;
--   it is 1 on every other row.
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
    select * from {{ ref('int_observation_window') }}
),

credentials as (
    select
        credential_name,
        max(program_id) as program_id
    from awards
    group by credential_name
),

holders as (
    select
        credential_name,
        employee_id,
        min(cast(issued_at as date)) as first_issued_date
    from awards
    where not is_revoked
    group by credential_name, employee_id
),

linked_measured as (
    select
        credentials.credential_name,
        credentials.program_id,
        'program_completers' as comparison_basis,
        windows.employee_id,
        holders.employee_id is not null as is_holder,
        windows.completed_date as anchor_date,
        1 as anchor_weight,
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
    inner join credentials
        on holders.credential_name = credentials.credential_name
    where credentials.program_id is null
),

anchor_days as (
    select
        credential_name,
        anchor_date,
        count(*) as holder_count
    from unlinked_holders
    group by credential_name, anchor_date
),

non_holders as (
    select distinct
        anchor_days.credential_name,
        spells.employee_id,
        anchor_days.anchor_date,
        anchor_days.holder_count
    from anchor_days
    inner join spells
        on
            spells.hire_date
            <= {{ dbt.dateadd('day', 90, 'anchor_days.anchor_date') }}
            and (
                spells.termination_date is null
                or {{ dbt.dateadd('day', 90, 'anchor_days.anchor_date') }}
                <= spells.termination_date
            )
    left join holders
        on
            anchor_days.credential_name = holders.credential_name
            and spells.employee_id = holders.employee_id
    where holders.employee_id is null
),

unlinked_people as (
    select
        credential_name,
        employee_id,
        true as is_holder,
        anchor_date,
        1 as anchor_weight
    from unlinked_holders
    union all
    select
        credential_name,
        employee_id,
        false as is_holder,
        anchor_date,
        holder_count as anchor_weight
    from non_holders
),

-- Only holders need the check: a non-holder was chosen for being employed
-- on day 90 of the anchor day.
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

-- Found from the activity side: each activity day against the few anchor
-- days it falls 84..90 days after. Joining every non-holder row (people x
-- anchor days) to that person's activity days made billions of pairs at
-- 100,000 people.
unlinked_active as (
    select distinct
        anchor_days.credential_name,
        activity_days.employee_id,
        anchor_days.anchor_date
    from activity_days
    inner join anchor_days
        on
            activity_days.activity_date
            between {{ dbt.dateadd('day', 84, 'anchor_days.anchor_date') }}
            and {{ dbt.dateadd('day', 90, 'anchor_days.anchor_date') }}
),

unlinked_measured as (
    select
        unlinked_people.credential_name,
        cast(null as {{ dbt.type_string() }}) as program_id,
        'same_calendar_days' as comparison_basis,
        unlinked_people.employee_id,
        unlinked_people.is_holder,
        unlinked_people.anchor_date,
        unlinked_people.anchor_weight,
        {{ dbt.dateadd('day', 90, 'unlinked_people.anchor_date') }}
        <= observation_window.last_observed_date
        and (
            not unlinked_people.is_holder
            or unlinked_employed_holders.employee_id is not null
        ) as is_eligible_90,
        unlinked_active.employee_id is not null as is_weekly_active_90
    from unlinked_people
    cross join observation_window
    left join unlinked_employed_holders
        on
            unlinked_people.credential_name
            = unlinked_employed_holders.credential_name
            and unlinked_people.employee_id
            = unlinked_employed_holders.employee_id
            and unlinked_people.anchor_date
            = unlinked_employed_holders.anchor_date
    left join unlinked_active
        on
            unlinked_people.credential_name = unlinked_active.credential_name
            and unlinked_people.employee_id = unlinked_active.employee_id
            and unlinked_people.anchor_date = unlinked_active.anchor_date
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
        cast(anchor_weight as {{ dbt.type_bigint() }}) as anchor_weight,
        is_eligible_90,
        is_weekly_active_90
    from measured
)

select * from final
