{#-
    Overrides dbt-spark's, which escapes only the quote: Spark reads a
    backslash in a string literal as the start of an escape, so a unit-test
    dict value such as 'CORP\JDoe' became 'CORPJDoe' on Spark while DuckDB
    kept it. Escaping the backslash too makes a fixture mean the same on both.
-#}
{% macro spark__escape_single_quotes(expression) -%}
{{ expression | replace("\\", "\\\\") | replace("'", "\\'") }}
{%- endmacro %}
