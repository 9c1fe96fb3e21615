-- Every record read from the Open Badges files (one JSON document a line;
-- steps: __documents, __record_parts, __record_fields, which map Open Badges
-- 2.0 Assertions and 3.0 OpenBadgeCredentials onto one shape),
-- typed, validated and given a _row_status; stg_open_badges__credentials
-- and its _rejected companion split it.
with

record_fields as (
    select * from {{ ref('base_open_badges__record_fields') }}
),

typed as (
    select
        _source_file,
        _source_line,
        raw_line,
        is_wellformed,
        type_json,
        record_kind,
        ob_version,
        credential_id,
        case
            when
                lower(recipient_identity_type_text)
                in ('emailaddress', 'email')
                then 'email'
            else recipient_identity_type_text
        end as recipient_identity_type,
        recipient_identity,
        lower(trim(recipient_identity)) as recipient_identity_normalized,
        recipient_salt,
        coalesce(
            recipient_hashed_text = 'true',
            lower(recipient_identity) like 'sha256$%'
            or lower(recipient_identity) like 'md5$%'
        ) as is_recipient_hashed,
        case
            when lower(recipient_identity) like 'sha256$%' then 'sha256'
            when lower(recipient_identity) like 'md5$%' then 'md5'
        end as recipient_hash_algorithm,
        coalesce(achievement_object_id, achievement_iri) as achievement_id,
        achievement_name,
        achievement_type,
        coalesce(
            {{ json_text('criteria_json', '$.id') }},
            case
                when left(criteria_json, 1) = '"'
                    then {{ json_text('criteria_json', '$') }}
            end
        ) as achievement_criteria_url,
        {{ json_text('criteria_json', '$.narrative') }}
            as achievement_criteria_narrative,
        coalesce(issuer_object_id, issuer_iri) as issuer_id,
        issuer_name,
        issued_at_text,
        {{ ob_datetime_utc('issued_at_text') }} as issued_at,
        expires_at_text,
        {{ ob_datetime_utc('expires_at_text') }} as expires_at,
        coalesce(
            evidence_json not in ('null', '[]', '{}', '""'), false
        ) as has_evidence,
        coalesce(revoked_text = 'true', false) as is_revoked,
        revocation_reason,
        revoked_assertions_json,
        credential_status_type,
        credential_status_id,
        credential_status_purpose,
        credential_status_list_url,
        credential_status_list_index
    from record_fields
),

validated as (
    select
        *,
        {{ ob_identifier_type(
            'recipient_identity_type', 'recipient_identity',
            'is_recipient_hashed'
        ) }} as recipient_identifier_type,
        case
            when not is_wellformed then 'malformed_json'
            when
                record_kind in ('revocation', 'revocation_list')
                and nullif(trim(credential_id), '') is null
                then 'missing_required_field'
            when
                record_kind = 'revocation_list'
                and coalesce(left(revoked_assertions_json, 1), '') <> '['
                then 'missing_required_field'
            when record_kind in ('revocation', 'revocation_list') then null
            when type_json is null then 'missing_required_field'
            when ob_version is null then 'unsupported_credential_type'
            when
                nullif(trim(credential_id), '') is null
                or nullif(trim(recipient_identity), '') is null
                or nullif(trim(recipient_identity_type), '') is null
                or coalesce(
                    nullif(trim(achievement_id), ''),
                    nullif(trim(achievement_name), '')
                ) is null
                or nullif(trim(issued_at_text), '') is null
                then 'missing_required_field'
            when
                is_recipient_hashed
                and not {{ ob_identity_hash_is_valid('recipient_identity') }}
                then 'invalid_recipient_hash'
            when
                issued_at is null
                or (
                    nullif(trim(expires_at_text), '') is not null
                    and expires_at is null
                )
                then 'invalid_timestamp'
        end as _reject_reason
    from typed
),

{{ record_status(
    relation='validated',
    key=['record_kind', 'credential_id'],
    payload=[
        'ob_version', 'recipient_identity_type', 'recipient_identity',
        'recipient_salt', 'is_recipient_hashed', 'achievement_id',
        'achievement_name', 'achievement_type', 'issuer_id', 'issuer_name',
        'issued_at', 'expires_at', 'has_evidence', 'is_revoked',
        'revocation_reason', 'revoked_assertions_json', 'credential_status_id'
    ],
    keep_first_order='_source_file desc, _source_line desc',
    staged_as="case when record_kind = 'credential' then 'staged'"
    ~ " else 'revocation' end"
) }},

all_records as (
    select * from with_status
),

{{ erase_requested_records(
    'all_records',
    hashed_email=[
        'recipient_identity', 'recipient_salt', 'recipient_hash_algorithm'
    ]
) }},

final as (
    select * from with_erasure
)

select * from final
