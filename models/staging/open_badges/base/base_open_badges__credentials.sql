-- Every record read from the Open Badges files (one JSON document a line),
-- parsed, validated and given a _row_status; stg_open_badges__credentials and
-- its _rejected companion split it. Open Badges 2.0 Assertions and 3.0
-- OpenBadgeCredentials are mapped onto one shape here.
with

raw_lines as (
    select * from {{ read_raw_lines(source('open_badges', 'credentials')) }}
),

records as (
    select
        _source_file,
        _source_line,
        raw_line,
        case
            when
                {{ json_is_valid('raw_line') }}
                and left(ltrim(raw_line), 1) = '{'
                then raw_line
        end as record_json
    from raw_lines
),

documents as (
    select
        *,
        record_json is not null as is_wellformed,
        {{ json_fragment('record_json', '$.type') }} as type_json
    from records
),

-- 3.0 types are checked first: a 3.0 credential may also list other types.
-- OB 2.0: "If revoked is true, only revoked and id are required", so a
-- record saying revoked with neither recipient nor badge revokes the
-- assertion it names rather than being one.
kinds as (
    select
        *,
        case
            when
                type_json like '%OpenBadgeCredential%'
                or type_json like '%AchievementCredential%'
                then 'credential'
            when type_json like '%"RevocationList"%' then 'revocation_list'
            when
                coalesce(type_json like '%Assertion%', true)
                and lower({{ json_text('record_json', '$.revoked') }}) = 'true'
                and {{ json_fragment('record_json', '$.recipient') }} is null
                and {{ json_fragment('record_json', '$.badge') }} is null
                then 'revocation'
            when type_json like '%Assertion%' then 'credential'
        end as record_kind
    from documents
),

versioned as (
    select
        *,
        case
            when
                type_json like '%OpenBadgeCredential%'
                or type_json like '%AchievementCredential%'
                then '3.0'
            when record_kind is not null then '2.0'
        end as ob_version,
        {{ json_fragment('record_json', '$.credentialSubject.identifier') }}
            as subject_identifier_json
    from kinds
),

-- OB 3.0: the recipient is one of credentialSubject.identifier[] (an array,
-- or leniently a single object): the first e-mail identifier, else the
-- subject's id (a DID), else the first identifier.
subject_identifiers as (
    select
        versioned._source_file,
        versioned._source_line,
        cast(identifiers.element as {{ dbt.type_string() }})
            as identifier_json,
        row_number() over (
            partition by versioned._source_file, versioned._source_line
            order by
                case
                    when
                        {{ json_text('identifiers.element', '$.identityType') }}
                        in ('emailAddress', 'email')
                        then 0
                    else 1
                end,
                identifiers.element_index
        ) as identifier_rank
    from versioned
    {{ json_array_rows(
        "case when versioned.ob_version = '3.0'"
        ~ " and left(versioned.subject_identifier_json, 1) = '['"
        ~ " then versioned.subject_identifier_json end",
        '$',
        'identifiers'
    ) }}
),

recipients as (
    select
        versioned.*,
        case
            when versioned.ob_version = '2.0'
                then {{ json_fragment('versioned.record_json', '$.recipient') }}
            when left(versioned.subject_identifier_json, 1) = '{'
                then versioned.subject_identifier_json
            else subject_identifiers.identifier_json
        end as recipient_json,
        case
            when versioned.ob_version = '2.0'
                then {{ json_fragment('versioned.record_json', '$.badge') }}
            else {{ json_fragment(
                'versioned.record_json', '$.credentialSubject.achievement'
            ) }}
        end as achievement_json,
        case
            when versioned.ob_version = '2.0'
                then {{ json_fragment(
                    'versioned.record_json', '$.badge.issuer'
                ) }}
            else {{ json_fragment('versioned.record_json', '$.issuer') }}
        end as issuer_json,
        {{ json_text('versioned.record_json', '$.credentialSubject.id') }}
            as subject_id,
        {{ json_fragment('versioned.record_json', '$.credentialStatus') }}
            as credential_status_json
    from versioned
    left join subject_identifiers
        on
            versioned._source_file = subject_identifiers._source_file
            and versioned._source_line = subject_identifiers._source_line
            and subject_identifiers.identifier_rank = 1
),

-- a 3.0 subject is named by its id unless an e-mail identifier is given;
-- a 3.0 credentialStatus may be a list (VC 2.0): its first entry is kept
recipient_sources as (
    select
        *,
        ob_version = '3.0'
        and subject_id is not null
        and coalesce(
            lower({{ json_text('recipient_json', '$.identityType') }})
            not in ('emailaddress', 'email'),
            true
        ) as is_subject_id_recipient,
        case
            when left(credential_status_json, 1) = '['
                then {{ json_fragment(
                    'record_json', '$.credentialStatus[0]'
                ) }}
            else credential_status_json
        end as status_entry_json
    from recipients
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
    from recipient_sources
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
    from extracted
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
