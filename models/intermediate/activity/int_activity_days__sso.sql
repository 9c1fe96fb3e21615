-- Step of int_activity_days (ephemeral): the SSO channel. A successful Okta
-- SSO sign-in to an AI tool's app (stg_okta__ai_sso_events) is a day of use
-- of that tool, on its UTC date.
{{ config(materialized='ephemeral') }}

with

sso_events as (
    select * from {{ ref('stg_okta__ai_sso_events') }}
),

final as (
    select
        tool_id,
        cast(published_at as date) as activity_date,
        actor_alternate_id_normalized as identifier,
        'okta' as source_system,
        'email_address' as identifier_type
    from sso_events
)

select * from final
