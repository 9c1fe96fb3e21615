-- The issuer entity that names each badge record's issuer. The issuer is an
-- object: {summary, entities[]{label, primary, entity{type, id, name}}} in
-- the Credly API. Its primary entity names it, else the first; a record
-- without an entities[] array has no row here.
{{ config(materialized='ephemeral') }}

with

records as (
    select * from {{ ref('base_credly__page_badges') }}
),

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

final as (
    select
        _source_file,
        _source_line,
        entity_name,
        entity_id
    from issuer_entities
    where entity_rank = 1
)

select * from final
