with

parsed as (
    select * from {{ ref('base_credly__issued_badges') }}
),

final as (
    select
        badge_id,
        recipient_email,
        recipient_email_normalized,
        issuer_earner_id,
        badge_template_id,
        badge_template_name,
        badge_template_type_category,
        issuer_id,
        issuer_name,
        badge_state,
        issued_at,
        expires_at,
        is_assessment_backed,
        has_conflicting_duplicate,
        _source_file,
        _source_line
    from parsed
    where _row_status = 'staged'
)

select * from final
