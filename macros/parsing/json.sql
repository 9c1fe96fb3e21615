{#-
    JSON text helpers. Paths are JSONPath ('$.actor.mbox'), which both DuckDB
    and Spark (get_json_object) understand.
-#}
{% macro json_is_valid(expr) -%}
    {{ return(adapter.dispatch('json_is_valid', 'certgap')(expr)) }}
{%- endmacro %}

{% macro duckdb__json_is_valid(expr) -%}
    coalesce(json_valid({{ expr }}), false)
{%- endmacro %}

{#-
    Spark 4 / Databricks 15.3+: try_parse_json is a strict parser, but it
    stops after the first value, so '{"a":1} x' would pass; wrapping the text
    in brackets and asking for exactly one element rejects trailing content.
    DuckDB's parser is more lenient than both in three ways (trailing commas,
    NaN, duplicate keys; the last is allowed on Spark by
    spark.sql.variant.allowDuplicateKeys in profiles.yml).
-#}
{% macro spark__json_is_valid(expr) -%}
    coalesce(
        try_parse_json({{ expr }}) is not null
        and json_array_length(concat('[', {{ expr }}, ']')) = 1,
        false
    )
{%- endmacro %}

{#- A scalar at `path` as text (null when absent or JSON null). -#}
{% macro json_text(expr, path) -%}
    {{ return(adapter.dispatch('json_text', 'certgap')(expr, path)) }}
{%- endmacro %}

{% macro duckdb__json_text(expr, path) -%}
    json_extract_string({{ expr }}, '{{ path }}')
{%- endmacro %}

{#- get_json_object returns scalars unquoted, objects and arrays as compact
    JSON in document order, and null for JSON null, as DuckDB does; except
    that the whole document `null` read at '$' comes back as 'null'. -#}
{% macro spark__json_text(expr, path) -%}
    {%- if path == '$' -%}
    case
        when trim({{ expr }}) <> 'null' then get_json_object({{ expr }}, '$')
    end
    {%- else -%}
    get_json_object({{ expr }}, '{{ path }}')
    {%- endif -%}
{%- endmacro %}

{#- The JSON (object, array or scalar) at `path`, as JSON text. -#}
{% macro json_fragment(expr, path) -%}
    {{ return(adapter.dispatch('json_fragment', 'certgap')(expr, path)) }}
{%- endmacro %}

{% macro duckdb__json_fragment(expr, path) -%}
    cast(json_extract({{ expr }}, '{{ path }}') as varchar)
{%- endmacro %}

{#-
    Spark: a string is quoted and escaped (to_json of the variant), JSON null
    is 'null', and objects, arrays, numbers and booleans come from
    get_json_object, which keeps the document's key order (a variant sorts
    object keys, so to_json of an object would not match DuckDB's text).
-#}
{% macro spark__json_fragment(expr, path) -%}
    {%- set value = "try_variant_get(try_parse_json(" ~ expr ~ "), '" ~ path ~ "')" -%}
    case
        when {{ value }} is null then null
        when is_variant_null({{ value }}) then 'null'
        when schema_of_variant({{ value }}) = 'STRING' then to_json({{ value }})
        else get_json_object({{ expr }}, '{{ path }}')
    end
{%- endmacro %}

{#- Number of elements of the array at `path` (0 when absent). -#}
{% macro json_array_length(expr, path) -%}
    {{ return(adapter.dispatch('json_array_length', 'certgap')(expr, path)) }}
{%- endmacro %}

{% macro duckdb__json_array_length(expr, path) -%}
    coalesce(json_array_length({{ expr }}, '{{ path }}'), 0)
{%- endmacro %}

{% macro spark__json_array_length(expr, path) -%}
    coalesce(json_array_length(get_json_object({{ expr }}, '{{ path }}')), 0)
{%- endmacro %}

{#-
    FROM-clause fragment: one row per element of the JSON array at `path`,
    as `<alias>.element` (JSON text) and `<alias>.element_index` (1-based).
    Rows whose array is empty or absent produce no rows.
-#}
{% macro json_array_rows(expr, path, alias) -%}
    {{ return(adapter.dispatch('json_array_rows', 'certgap')(expr, path, alias)) }}
{%- endmacro %}

{% macro duckdb__json_array_rows(expr, path, alias) -%}
    cross join unnest(
        cast(json_extract({{ expr }}, '{{ path }}') as json [])
    ) with ordinality as {{ alias }} (element, element_index)
{%- endmacro %}

{#-
    Spark 4: a lateral subquery over variant_explode(), one row per element
    of the array (nothing for an object, a scalar, an empty or absent array).
    Each element is rendered as json_fragment() renders a value, so strings
    stay quoted and objects keep their key order; a JSON null element is SQL
    null, as in DuckDB's cast to json[].
-#}
{% macro spark__json_array_rows(expr, path, alias) -%}
    {%- set array_text = "get_json_object(" ~ expr ~ ", '" ~ path ~ "')" -%}
    cross join lateral (
        select
            cast(array_elements.pos + 1 as bigint) as element_index,
            case
                when is_variant_null(array_elements.value) then null
                when schema_of_variant(array_elements.value) = 'STRING'
                    then to_json(array_elements.value)
                else get_json_object(
                    {{ array_text }},
                    concat('$[', array_elements.pos, ']')
                )
            end as element
        from variant_explode(
            case
                when left({{ array_text }}, 1) = '['
                    then try_variant_get(try_parse_json({{ expr }}), '{{ path }}')
            end
        ) as array_elements
    ) as {{ alias }}
{%- endmacro %}
