-- One row per assertion an OB 2.0 revocation names: a hosted assertion that
-- answers {"id": ..., "revoked": true, "revocationReason": ...} (the 410 Gone
-- body), or an entry of an issuer's RevocationList (revokedAssertions[], an
-- id or {id, revocationReason}). stg_open_badges__credentials marks the
-- assertions revoked; a revocation of an assertion certgap has not staged is
-- kept here, flagged, so that it stays visible instead of being dropped.
with

parsed as (
    select * from {{ ref('base_open_badges__credentials') }}
),

revocation_records as (
    select * from parsed
    where _row_status = 'revocation'
),

documents as (
    select
        credential_id as revoked_credential_id,
        revocation_reason,
        'revocation_document' as revocation_source,
        cast(null as {{ dbt.type_string() }}) as revocation_list_id,
        _source_file,
        _source_line
    from revocation_records
    where record_kind = 'revocation'
),

lists as (
    select * from revocation_records
    where record_kind = 'revocation_list'
),

list_entries as (
    select
        coalesce(
            {{ json_text('entries.element', '$.id') }},
            case
                when left(entries.element, 1) = '"'
                    then {{ json_text('entries.element', '$') }}
            end
        ) as revoked_credential_id,
        {{ json_text('entries.element', '$.revocationReason') }}
            as revocation_reason,
        'revocation_list' as revocation_source,
        lists.credential_id as revocation_list_id,
        lists._source_file,
        lists._source_line
    from lists
    {{ json_array_rows('lists.revoked_assertions_json', '$', 'entries') }}
),

revocations as (
    select * from documents
    union all
    select * from list_entries
),

staged_credentials as (
    select distinct credential_id
    from parsed
    where _row_status = 'staged'
),

final as (
    select
        revocations.revoked_credential_id,
        revocations.revocation_reason,
        revocations.revocation_source,
        revocations.revocation_list_id,
        revocations._source_file,
        revocations._source_line,
        staged_credentials.credential_id is not null as is_credential_staged
    from revocations
    left join staged_credentials
        on revocations.revoked_credential_id = staged_credentials.credential_id
)

select * from final
