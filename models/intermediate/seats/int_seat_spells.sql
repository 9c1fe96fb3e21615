-- One row per employee x per-seat tool x spell of holding a seat: from the
-- first to the last day the seat is known to be held. Three kinds of
-- evidence, all resolved through int_identities_resolved:
--   seat_export   a seat list's seat: held from the day of assigned_at to
--                 the day before pending_cancellation_date (open: to the end
--                 of the observation window)
--   usage_report  the Copilot usage report lists licensed users only: a
--                 listing on a refresh date holds an m365_copilot seat
--   console_list  a console's daily row (even 0 interactions) lists a user
--                 who holds the tool's seat that day
-- Evidence less than var('seat_listing_gap_days') apart is one spell: the
-- report and the console lists come daily, a few days late at most, so a
-- gap of a week means the seat was gone in between. Only tools with a seat
-- price (ai_tool_licences) have seats.
{% set gap_days = var('seat_listing_gap_days') %}

with

seat_exports as (
    select * from {{ ref('stg_ai_seats__seat_assignments') }}
),

copilot_reports as (
    select * from {{ ref('stg_m365_copilot__app_activity') }}
),

console_usage as (
    select * from {{ ref('stg_ai_activity__daily_usage') }}
),

identities as (
    select * from {{ ref('int_identities_resolved') }}
),

observation_window as (
    select * from {{ ref('int_observed_days_bounded') }}
),

licences as (
    select * from {{ ref('ai_tool_licences') }}
),

evidence as (
    select
        identities.employee_id,
        seat_exports.tool_id,
        'seat_export' as evidence_source,
        cast(seat_exports.assigned_at as date) as held_from,
        coalesce(
            {{ dbt.dateadd(
                'day', -1, 'seat_exports.pending_cancellation_date'
            ) }},
            observation_window.last_observed_date
        ) as held_to
    from seat_exports
    cross join observation_window
    inner join identities
        on
            identities.source_system = 'ai_seats'
            and seat_exports.assignee_identifier_type
            = identities.identifier_type
            and seat_exports.assignee_identifier = identities.identifier
    union all
    select distinct
        identities.employee_id,
        'm365_copilot' as tool_id,
        'usage_report' as evidence_source,
        copilot_reports.report_refresh_date as held_from,
        copilot_reports.report_refresh_date as held_to
    from copilot_reports
    inner join identities
        on
            identities.source_system = 'm365_copilot'
            and identities.identifier_type = 'email_address'
            and copilot_reports.user_principal_name_normalized
            = identities.identifier
    where copilot_reports.app = 'any'
    union all
    select distinct
        identities.employee_id,
        console_usage.tool_id,
        'console_list' as evidence_source,
        console_usage.activity_date as held_from,
        console_usage.activity_date as held_to
    from console_usage
    inner join identities
        on
            identities.source_system = 'ai_activity'
            and identities.identifier_type = 'email_address'
            and console_usage.user_name_normalized = identities.identifier
),

priced_evidence as (
    select evidence.*
    from evidence
    inner join licences
        on evidence.tool_id = licences.tool_id
    where evidence.held_to >= evidence.held_from
),

-- Gaps and islands: a new spell starts where no earlier evidence reaches
-- to within the gap.
ordered as (
    select
        *,
        max(held_to) over (
            partition by employee_id, tool_id
            order by held_from, held_to
            rows between unbounded preceding and 1 preceding
        ) as reached_before
    from priced_evidence
),

numbered as (
    select
        *,
        sum(
            case
                when
                    reached_before is null
                    or held_from
                    > {{ dbt.dateadd('day', gap_days, 'reached_before') }}
                    then 1
                else 0
            end
        ) over (
            partition by employee_id, tool_id
            order by held_from, held_to
            rows between unbounded preceding and current row
        ) as spell_number
    from ordered
),

final as (
    select
        employee_id,
        tool_id,
        cast(spell_number as {{ dbt.type_int() }}) as spell_number,
        min(held_from) as seat_from_date,
        max(held_to) as seat_to_date,
        max(case when evidence_source = 'seat_export' then 1 else 0 end) = 1
            as has_seat_export,
        max(case when evidence_source = 'usage_report' then 1 else 0 end) = 1
            as has_usage_report,
        max(case when evidence_source = 'console_list' then 1 else 0 end) = 1
            as has_console_list
    from numbered
    group by employee_id, tool_id, spell_number
)

select * from final
