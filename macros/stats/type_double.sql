{#-
    An 8-byte floating-point type, for statistics that must keep full
    precision. dbt.type_float() renders `float`, which is 4 bytes on DuckDB
    and Spark (about 7 significant digits): too coarse for standard errors
    and p-values compared at 1e-6.
-#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'certgap')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double
{%- endmacro %}

