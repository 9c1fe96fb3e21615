{#-
    Parsing macros that have a DuckDB variant but no portable one yet. Their
    default__ variants let the whole project parse on any engine (dbt renders
    every model at parse time), and fail with a clear message if a model that
    needs them is actually compiled there. Porting one means adding its
    spark__ variant next to its duckdb__ one and deleting it from this list.
-#}
{% macro not_yet_portable(macro_name) -%}
    {%- if execute -%}
        {{ exceptions.raise_compiler_error(
            "Macro '" ~ macro_name ~ "' has no variant for the '" ~ target.type
            ~ "' engine yet (see macros/parsing/not_yet_portable.sql)."
        ) }}
    {%- endif -%}
    null
{%- endmacro %}

{% macro default__json_array_find_text(expr, array_key, match_field, match_value, field) -%}
    {{ not_yet_portable('json_array_find_text') }}
{%- endmacro %}

{% macro default__parse_redacted_tsv_lines(lines_cte, redacted_column, columns) -%}
    {{ not_yet_portable('parse_redacted_tsv_lines') }}
{%- endmacro %}

{% macro default__gateway_timestamp_utc(expr) -%}
    {{ not_yet_portable('gateway_timestamp_utc') }}
{%- endmacro %}
