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

{% macro default__xapi_statement(expr) -%}
    {{ not_yet_portable('xapi_statement') }}
{%- endmacro %}

{% macro default__xapi_first_activity_id(expr) -%}
    {{ not_yet_portable('xapi_first_activity_id') }}
{%- endmacro %}

{% macro default__xapi_actors(actor) -%}
    {{ not_yet_portable('xapi_actors') }}
{%- endmacro %}

{% macro default__xapi_member_count(actor) -%}
    {{ not_yet_portable('xapi_member_count') }}
{%- endmacro %}

{% macro default__xapi_actors_without_ifi(actors) -%}
    {{ not_yet_portable('xapi_actors_without_ifi') }}
{%- endmacro %}

{% macro default__xapi_actor_rows(expr, alias) -%}
    {{ not_yet_portable('xapi_actor_rows') }}
{%- endmacro %}

{% macro default__iso_duration_seconds(expr) -%}
    {{ not_yet_portable('iso_duration_seconds') }}
{%- endmacro %}
