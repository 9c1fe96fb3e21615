-- Every field of an Open Badges record read, as text, from its parts
-- (base_open_badges__record_parts): the same columns whichever version
-- the record is.
{{ config(materialized='ephemeral') }}

with

record_parts as (
    select * from {{ ref('base_open_badges__record_parts') }}
),

extracted as (
    select
        _source_file,
        _source_line,
        raw_line,
        is_wellformed,
        type_json,
        record_kind,
        ob_version,
        {{ json_text('record_json', '$.id') }} as credential_id,
        case
            when ob_version = '2.0'
                then {{ json_text('recipient_json', '$.type') }}
            when is_subject_id_recipient then 'id'
            else {{ json_text('recipient_json', '$.identityType') }}
        end as recipient_identity_type_text,
        case
            when ob_version = '2.0'
                then {{ json_text('recipient_json', '$.identity') }}
            when is_subject_id_recipient then subject_id
            else {{ json_text('recipient_json', '$.identityHash') }}
        end as recipient_identity,
        case
            when not is_subject_id_recipient
                then {{ json_text('recipient_json', '$.salt') }}
        end as recipient_salt,
        case
            when not is_subject_id_recipient
                then lower({{ json_text('recipient_json', '$.hashed') }})
        end as recipient_hashed_text,
        {{ json_text('achievement_json', '$.id') }} as achievement_object_id,
        case
            when left(achievement_json, 1) = '"'
                then {{ json_text('achievement_json', '$') }}
        end as achievement_iri,
        {{ json_text('achievement_json', '$.name') }} as achievement_name,
        {{ json_text('achievement_json', '$.achievementType') }}
            as achievement_type,
        {{ json_fragment('achievement_json', '$.criteria') }}
            as criteria_json,
        {{ json_text('issuer_json', '$.id') }} as issuer_object_id,
        case
            when left(issuer_json, 1) = '"'
                then {{ json_text('issuer_json', '$') }}
        end as issuer_iri,
        {{ json_text('issuer_json', '$.name') }} as issuer_name,
        case
            when ob_version = '2.0'
                then {{ json_text('record_json', '$.issuedOn') }}
            else coalesce(
                {{ json_text('record_json', '$.validFrom') }},
                {{ json_text('record_json', '$.issuanceDate') }}
            )
        end as issued_at_text,
        case
            when ob_version = '2.0'
                then {{ json_text('record_json', '$.expires') }}
            else coalesce(
                {{ json_text('record_json', '$.validUntil') }},
                {{ json_text('record_json', '$.expirationDate') }}
            )
        end as expires_at_text,
        {{ json_fragment('record_json', '$.evidence') }} as evidence_json,
        lower({{ json_text('record_json', '$.revoked') }}) as revoked_text,
        {{ json_text('record_json', '$.revocationReason') }}
            as revocation_reason,
        {{ json_fragment('record_json', '$.revokedAssertions') }}
            as revoked_assertions_json,
        {{ json_text('status_entry_json', '$.type') }}
            as credential_status_type,
        {{ json_text('status_entry_json', '$.id') }} as credential_status_id,
        {{ json_text('status_entry_json', '$.statusPurpose') }}
            as credential_status_purpose,
        {{ json_text('status_entry_json', '$.statusListCredential') }}
            as credential_status_list_url,
        {{ json_text('status_entry_json', '$.statusListIndex') }}
            as credential_status_list_index
    from record_parts
),

final as (
    select * from extracted
)

select * from final
