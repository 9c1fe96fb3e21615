{#-
    Post-hook of a base model that reads an incremental raw-file model
    (microbatch): a batch is rebuilt only while its window is re-read, but
    an erasure request must reach every row already loaded, on the next
    build. The base model erases (erase_requested_records), then this hook
    nulls, in `loaded_relation`, every column but `keep_columns` (the
    provenance) of the rows it erased, is_wellformed too: a null there (never
    null otherwise) is how the base model knows them on later builds. The hook runs on the base
    model because the erased identifiers are an ephemeral model, which a
    hook cannot read. DuckDB only: erasure stops on other engines anyway
    (erased_record_columns).
-#}
{% macro erase_loaded_rows(loaded_relation, keep_columns) -%}
    {%- if execute and target.type == 'duckdb' and erasure_requested() -%}
        {%- set nulled = [] -%}
        {%- for column in adapter.get_columns_in_relation(loaded_relation) -%}
            {%- if column.name not in keep_columns -%}
                {%- do nulled.append(column.name ~ ' = null') -%}
            {%- endif -%}
        {%- endfor -%}
        update {{ loaded_relation }}
        set {{ nulled | join(', ') }}
        where
            is_wellformed is not null
            and (_source_file, _source_line) in (
                select _source_file, _source_line
                from {{ this }}
                where _row_status = 'erased'
            )
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
