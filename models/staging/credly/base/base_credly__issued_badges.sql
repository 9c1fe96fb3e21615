-- Every record read from the Credly files (one API response page a file;
-- steps: __page_badges, __badge_issuers), typed, validated and
-- given a _row_status; stg_credly__issued_badges and its _rejected
-- companion split it. A record is one element of the page's data[] array
-- and its _source_line is that element's 1-based position; a file that is
-- not a JSON page at all is one record with _source_line 0.
with

records as (
    select * from {{ ref('base_credly__page_badges') }}
),

badge_issuers as (
    select * from {{ ref('base_credly__badge_issuers') }}
),

typed as (
    select
        records._source_file,
        records._source_line,
        records.raw_line,
        records.is_wellformed,
        {{ json_text('records.badge_json', '$.id') }} as badge_id,
        {{ json_text('records.badge_json', '$.recipient_email') }}
            as recipient_email,
        lower(
            trim({{ json_text('records.badge_json', '$.recipient_email') }})
        ) as recipient_email_normalized,
        {{ json_text('records.badge_json', '$.issuer_earner_id') }}
            as issuer_earner_id,
        {{ json_text('records.badge_json', '$.badge_template.id') }}
            as badge_template_id,
        {{ json_text('records.badge_json', '$.badge_template.name') }}
            as badge_template_name,
        {{ json_text('records.badge_json', '$.badge_template.type_category') }}
            as badge_template_type_category,
        coalesce(
            badge_issuers.entity_id,
            {{ json_text('records.badge_json', '$.issuer.id') }}
        ) as issuer_id,
        coalesce(
            badge_issuers.entity_name,
            {{ json_text('records.badge_json', '$.issuer.name') }},
            case
                when
                    left(
                        {{ json_fragment('records.badge_json', '$.issuer') }},
                        1
                    ) = '"'
                    then {{ json_text('records.badge_json', '$.issuer') }}
            end
        ) as issuer_name,
        -- Credly carries vendor certifications, earned by passing an exam;
        -- only a template of Credly's 'Learning' category (earned by taking
        -- a course) is not assessment-backed.
        coalesce(
            lower(
                {{ json_text(
                    'records.badge_json', '$.badge_template.type_category'
                ) }}
            ) <> 'learning',
            true
        ) as is_assessment_backed,
        {{ json_text('records.badge_json', '$.state') }} as badge_state,
        {{ json_text('records.badge_json', '$.issued_at') }} as issued_at_text,
        {{ iso_timestamp_utc(
            json_text('records.badge_json', '$.issued_at')
        ) }} as issued_at,
        {{ json_text('records.badge_json', '$.expires_at') }}
            as expires_at_text,
        {{ iso_timestamp_utc(
            json_text('records.badge_json', '$.expires_at')
        ) }} as expires_at
    from records
    left join badge_issuers
        on
            records._source_file = badge_issuers._source_file
            and records._source_line = badge_issuers._source_line
),

validated as (
    select
        *,
        case
            when not is_wellformed then 'malformed_json'
            when
                nullif(trim(badge_id), '') is null
                or nullif(trim(recipient_email), '') is null
                or coalesce(
                    nullif(trim(badge_template_id), ''),
                    nullif(trim(badge_template_name), '')
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
    key=['badge_id'],
    payload=[
        'recipient_email', 'issuer_earner_id', 'badge_template_id',
        'badge_template_name', 'badge_template_type_category', 'issuer_id',
        'issuer_name', 'badge_state', 'issued_at', 'expires_at'
    ],
    keep_first_order='_source_file desc, _source_line desc'
) }},

all_records as (
    select * from with_status
),

{{ erase_requested_records('all_records') }},

final as (
    select * from with_erasure
)

select * from final
