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
versioned as (
    select
        *,
        case
            when
                type_json like '%OpenBadgeCredential%'
                or type_json like '%AchievementCredential%'
                then '3.0'
            when type_json like '%Assertion%' then '2.0'
        end as ob_version,
        {{ json_fragment('record_json', '$.credentialSubject.identifier') }}
            as subject_identifier_json
    from documents
),

-- OB 3.0: the recipient is one of credentialSubject.identifier[] (an array,
-- or leniently a single object); the first e-mail identifier is taken, else
-- the first one.
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
        end as issuer_json
    from versioned
    left join subject_identifiers
        on
            versioned._source_file = subject_identifiers._source_file
            and versioned._source_line = subject_identifiers._source_line
            and subject_identifiers.identifier_rank = 1
),

extracted as (
    select
        _source_file,
        _source_line,
        raw_line,
        is_wellformed,
        type_json,
        ob_version,
        {{ json_text('record_json', '$.id') }} as credential_id,
        case
            when ob_version = '2.0'
                then {{ json_text('recipient_json', '$.type') }}
            when recipient_json is not null
                then {{ json_text('recipient_json', '$.identityType') }}
            when
                {{ json_text('record_json', '$.credentialSubject.id') }}
                is not null
                then 'id'
        end as recipient_identity_type_text,
        case
            when ob_version = '2.0'
                then {{ json_text('recipient_json', '$.identity') }}
            when recipient_json is not null
                then {{ json_text('recipient_json', '$.identityHash') }}
            else {{ json_text('record_json', '$.credentialSubject.id') }}
        end as recipient_identity,
        {{ json_text('recipient_json', '$.salt') }} as recipient_salt,
        lower({{ json_text('recipient_json', '$.hashed') }})
            as recipient_hashed_text,
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
            as revocation_reason
    from recipients
),

typed as (
    select
        _source_file,
        _source_line,
        raw_line,
        is_wellformed,
        type_json,
        ob_version,
        credential_id,
        case
            when lower(recipient_identity_type_text) = 'emailaddress'
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
        revocation_reason
    from extracted
),

validated as (
    select
        *,
        case
            when not is_wellformed then 'malformed_json'
            when type_json is null then 'missing_required_field'
            when ob_version is null then 'unsupported_credential_type'
            when
                nullif(trim(credential_id), '') is null
                or nullif(trim(recipient_identity), '') is null
                or coalesce(
                    nullif(trim(achievement_id), ''),
                    nullif(trim(achievement_name), '')
                ) is null
                or nullif(trim(issued_at_text), '') is null
                then 'missing_required_field'
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
    key=['credential_id'],
    payload=[
        'ob_version', 'recipient_identity_type', 'recipient_identity',
        'recipient_salt', 'is_recipient_hashed', 'achievement_id',
        'achievement_name', 'achievement_type', 'issuer_id', 'issuer_name',
        'issued_at', 'expires_at', 'has_evidence', 'is_revoked',
        'revocation_reason'
    ],
    keep_first_order='_source_file desc, _source_line desc'
) }},

all_records as (
    select * from with_status
),

{{ erase_requested_records(
    'all_records',
    hashed_email=['recipient_identity', 'recipient_salt']
) }},

final as (
    select * from with_erasure
)

select * from final
