-- Every record read from the Credly files (one API response page a file),
-- parsed, validated and given a _row_status; stg_credly__issued_badges and
-- its _rejected companion split it. A record is one element of the page's
-- data[] array and its _source_line is that element's 1-based position; a
-- file that is not a JSON page at all is one record with _source_line 0.
with

raw_lines as (
    select * from {{ read_raw_lines(source('credly', 'issued_badges')) }}
),

pages as (
    select
        _source_file,
        {{ string_agg_ordered('raw_line', 'chr(10)', '_source_line') }}
            as page_text
    from raw_lines
    group by _source_file
),

checked_pages as (
    select
        _source_file,
        page_text,
        case
            when
                {{ json_is_valid('page_text') }}
                and left(ltrim(page_text), 1) = '{'
                then page_text
        end as page_json
    from pages
),

page_data as (
    select
        _source_file,
        page_text,
        page_json,
        {{ json_fragment('page_json', '$.data') }} as data_json
    from checked_pages
),

-- A page is well formed when it is a JSON object with a data[] array.
malformed_pages as (
    select
        _source_file,
        0 as _source_line,
        page_text as raw_line,
        false as is_wellformed,
        cast(null as {{ dbt.type_string() }}) as badge_json
    from page_data
    where data_json is null or left(data_json, 1) <> '['
),

page_elements as (
    select
        page_data._source_file,
        cast(badges.element_index as integer) as _source_line,
        cast(badges.element as {{ dbt.type_string() }}) as raw_line
    from page_data
    {{ json_array_rows(
        "case when left(page_data.data_json, 1) = '['"
        ~ " then page_data.data_json end",
        '$',
        'badges'
    ) }}
),

elements as (
    select
        _source_file,
        _source_line,
        raw_line,
        left(raw_line, 1) = '{' as is_wellformed,
        case when left(raw_line, 1) = '{' then raw_line end as badge_json
    from page_elements
),

records as (
    select * from elements
    union all
    select * from malformed_pages
),

-- The issuer is an object: {summary, entities[]{label, primary, entity{type,
-- id, name}}} in the Credly API. Its primary entity names it, else the first.
issuer_entities as (
    select
        records._source_file,
        records._source_line,
        {{ json_text('entities.element', '$.entity.name') }}
            as entity_name,
        {{ json_text('entities.element', '$.entity.id') }}
            as entity_id,
        row_number() over (
            partition by records._source_file, records._source_line
            order by
                case
                    when
                        lower(
                            {{ json_text('entities.element', '$.primary') }}
                        ) = 'true'
                        then 0
                    else 1
                end,
                entities.element_index
        ) as entity_rank
    from records
    {{ json_array_rows(
        "case when left("
        ~ json_fragment('records.badge_json', '$.issuer.entities')
        ~ ", 1) = '[' then records.badge_json end",
        '$.issuer.entities',
        'entities'
    ) }}
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
            issuer_entities.entity_id,
            {{ json_text('records.badge_json', '$.issuer.id') }}
        ) as issuer_id,
        coalesce(
            issuer_entities.entity_name,
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
    left join issuer_entities
        on
            records._source_file = issuer_entities._source_file
            and records._source_line = issuer_entities._source_line
            and issuer_entities.entity_rank = 1
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

final as (
    select * from with_status
)

select * from final
