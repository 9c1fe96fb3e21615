-- The Open Badges records read as JSON (one document a line), each with its
-- kind (credential, revocation or revocation_list) and its Open Badges
-- version; a line that is not a JSON object is kept, is_wellformed false.
{{ config(materialized='ephemeral') }}

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

final as (
    select * from versioned
)

select * from final
