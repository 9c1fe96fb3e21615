-- Step of int_activity_days (ephemeral): the console channel. An admin
-- console's daily row is a day of use of its tool when it counts at least
-- one interaction (a licensed user with 0 interactions did not use it).
{{ config(materialized='ephemeral') }}

with

console_usage as (
    select * from {{ ref('stg_ai_activity__daily_usage') }}
),

final as (
    select
        tool_id,
        activity_date,
        user_name_normalized as identifier,
        'ai_activity' as source_system,
        'email_address' as identifier_type
    from console_usage
    where interaction_count > 0
)

select * from final
