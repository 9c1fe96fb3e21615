-- Where each Open Badges record keeps its parts, 2.0 and 3.0 mapped onto
-- one shape: the recipient, achievement, issuer and credential status JSON
-- of every record read by base_open_badges__documents.
{{ config(materialized='ephemeral') }}

with

documents as (
    select * from {{ ref('base_open_badges__documents') }}
),

-- OB 3.0: the recipient is one of credentialSubject.identifier[] (an array,
-- or leniently a single object): the first e-mail identifier, else the
-- subject's id (a DID), else the first identifier.
subject_identifiers as (
    select
        documents._source_file,
        documents._source_line,
        cast(identifiers.element as {{ dbt.type_string() }})
            as identifier_json,
        row_number() over (
            partition by documents._source_file, documents._source_line
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
    from documents
    {{ json_array_rows(
        "case when documents.ob_version = '3.0'"
        ~ " and left(documents.subject_identifier_json, 1) = '['"
        ~ " then documents.subject_identifier_json end",
        '$',
        'identifiers'
    ) }}
),

recipients as (
    select
        documents.*,
        case
            when documents.ob_version = '2.0'
                then {{ json_fragment('documents.record_json', '$.recipient') }}
            when left(documents.subject_identifier_json, 1) = '{'
                then documents.subject_identifier_json
            else subject_identifiers.identifier_json
        end as recipient_json,
        case
            when documents.ob_version = '2.0'
                then {{ json_fragment('documents.record_json', '$.badge') }}
            else {{ json_fragment(
                'documents.record_json', '$.credentialSubject.achievement'
            ) }}
        end as achievement_json,
        case
            when documents.ob_version = '2.0'
                then {{ json_fragment(
                    'documents.record_json', '$.badge.issuer'
                ) }}
            else {{ json_fragment('documents.record_json', '$.issuer') }}
        end as issuer_json,
        {{ json_text('documents.record_json', '$.credentialSubject.id') }}
            as subject_id,
        {{ json_fragment('documents.record_json', '$.credentialStatus') }}
            as credential_status_json
    from documents
    left join subject_identifiers
        on
            documents._source_file = subject_identifiers._source_file
            and documents._source_line = subject_identifiers._source_line
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

final as (
    select
        _source_file,
        _source_line,
        raw_line,
        is_wellformed,
        type_json,
        record_kind,
        ob_version,
        record_json,
        recipient_json,
        achievement_json,
        issuer_json,
        subject_id,
        is_subject_id_recipient,
        status_entry_json
    from recipient_sources
)

select * from final
