with

parsed as (
    select * from {{ ref('base_open_badges__credentials') }}
),

final as (
    select
        credential_id,
        ob_version,
        recipient_identity_type,
        recipient_identity,
        recipient_identity_normalized,
        recipient_salt,
        is_recipient_hashed,
        recipient_hash_algorithm,
        achievement_id,
        achievement_name,
        achievement_type,
        achievement_criteria_url,
        achievement_criteria_narrative,
        issuer_id,
        issuer_name,
        issued_at,
        expires_at,
        is_revoked,
        revocation_reason,
        has_evidence,
        has_evidence as is_assessment_backed,
        has_conflicting_duplicate,
        _source_file,
        _source_line
    from parsed
    where _row_status = 'staged'
)

select * from final
