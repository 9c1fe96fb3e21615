-- Revoked: the assertion says so itself, or an OB 2.0 revocation names it
-- (stg_open_badges__revocations). A 3.0 credential's status list cannot be
-- fetched offline: its credentialStatus entry is kept for a later check. A
-- 2.0 badge given only by its IRI takes its name from an assertion that
-- embeds the same BadgeClass, if any.
with

parsed as (
    select * from {{ ref('base_open_badges__credentials') }}
),

revocations as (
    select * from {{ ref('stg_open_badges__revocations') }}
),

-- one revocation per assertion: a revocation document before a list entry,
-- one giving a reason before one without
revocations_ranked as (
    select
        revoked_credential_id,
        revocation_source,
        revocation_reason,
        row_number() over (
            partition by revoked_credential_id
            order by
                revocation_source,
                case when revocation_reason is null then 1 else 0 end,
                revocation_reason
        ) as revocation_order
    from revocations
    where revoked_credential_id is not null
),

revoked_elsewhere as (
    select * from revocations_ranked
    where revocation_order = 1
),

badge_class_names as (
    select
        achievement_id,
        min(achievement_name) as achievement_name
    from parsed
    where _row_status = 'staged' and achievement_name is not null
    group by achievement_id
),

final as (
    select
        parsed.credential_id,
        parsed.ob_version,
        parsed.recipient_identity_type,
        parsed.recipient_identifier_type,
        parsed.recipient_identity,
        parsed.recipient_identity_normalized,
        parsed.recipient_salt,
        parsed.is_recipient_hashed,
        parsed.recipient_hash_algorithm,
        parsed.achievement_id,
        parsed.achievement_type,
        parsed.achievement_criteria_url,
        parsed.achievement_criteria_narrative,
        parsed.issuer_id,
        parsed.issuer_name,
        parsed.issued_at,
        parsed.expires_at,
        parsed.credential_status_type,
        parsed.credential_status_id,
        parsed.credential_status_purpose,
        parsed.credential_status_list_url,
        parsed.credential_status_list_index,
        parsed.has_evidence,
        parsed.has_evidence as is_assessment_backed,
        parsed.has_conflicting_duplicate,
        parsed._source_file,
        parsed._source_line,
        coalesce(
            parsed.achievement_name, badge_class_names.achievement_name
        ) as achievement_name,
        -- What the badge certifies, matched to programs.credential_name: a
        -- badge known only by its IRI is named by it.
        coalesce(
            parsed.achievement_name,
            badge_class_names.achievement_name,
            parsed.achievement_id
        ) as credential_name,
        parsed.is_revoked
        or revoked_elsewhere.revoked_credential_id is not null as is_revoked,
        case
            when parsed.is_revoked then 'assertion'
            else revoked_elsewhere.revocation_source
        end as revocation_source,
        coalesce(
            parsed.revocation_reason, revoked_elsewhere.revocation_reason
        ) as revocation_reason
    from parsed
    left join revoked_elsewhere
        on parsed.credential_id = revoked_elsewhere.revoked_credential_id
    left join badge_class_names
        on parsed.achievement_id = badge_class_names.achievement_id
    where parsed._row_status = 'staged'
)

select * from final
