with

ai_tools as (
    select * from {{ ref('ai_tools') }}
),

final as (
    select
        tool_id,
        tool_name,
        vendor,
        is_sanctioned,
        offering,
        capability_tier,
        latest_release_date,
        okta_app_name
    from ai_tools
)

select * from final
