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

{#- A scalar at `path` as text (null when absent or JSON null). -#}
{% macro json_text(expr, path) -%}
    {{ return(adapter.dispatch('json_text', 'certgap')(expr, path)) }}
{%- endmacro %}

{% macro duckdb__json_text(expr, path) -%}
    json_extract_string({{ expr }}, '{{ path }}')
{%- endmacro %}

{#- The JSON (object, array or scalar) at `path`, as JSON text. -#}
{% macro json_fragment(expr, path) -%}
    {{ return(adapter.dispatch('json_fragment', 'certgap')(expr, path)) }}
{%- endmacro %}

{% macro duckdb__json_fragment(expr, path) -%}
    cast(json_extract({{ expr }}, '{{ path }}') as varchar)
{%- endmacro %}

{#- Number of elements of the array at `path` (0 when absent). -#}
{% macro json_array_length(expr, path) -%}
    {{ return(adapter.dispatch('json_array_length', 'certgap')(expr, path)) }}
{%- endmacro %}

{% macro duckdb__json_array_length(expr, path) -%}
    coalesce(json_array_length({{ expr }}, '{{ path }}'), 0)
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
