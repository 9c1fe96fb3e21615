{#-
    trim_spaces(expr): `expr` without leading and trailing space characters,
    as DuckDB's trim() reads them: every Unicode space separator (category
    Zs: the ASCII space, no-break space, em space, ideographic space ...),
    but not tabs or line breaks. Spark's trim() removes the ASCII space only,
    so the spark__ variant trims with a regular expression.
-#}
{% macro trim_spaces(expr) -%}
    {{ return(adapter.dispatch('trim_spaces', 'certgap')(expr)) }}
{%- endmacro %}

{% macro default__trim_spaces(expr) -%}
    trim({{ expr }})
{%- endmacro %}

{% macro spark__trim_spaces(expr) -%}
    regexp_replace({{ expr }}, '^\\p{Zs}+|\\p{Zs}+$', '')
{%- endmacro %}
