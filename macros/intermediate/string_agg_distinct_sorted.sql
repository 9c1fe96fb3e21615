{#- Distinct values of `expr` in a group, sorted, joined by `delimiter`. -#}
{% macro string_agg_distinct_sorted(expr, delimiter) -%}
    {{ return(adapter.dispatch('string_agg_distinct_sorted', 'certgap')(expr, delimiter)) }}
{%- endmacro %}

{% macro default__string_agg_distinct_sorted(expr, delimiter) -%}
    array_join(array_sort(collect_set({{ expr }})), '{{ delimiter }}')
{%- endmacro %}

{% macro duckdb__string_agg_distinct_sorted(expr, delimiter) -%}
    string_agg(distinct {{ expr }}, '{{ delimiter }}' order by {{ expr }})
{%- endmacro %}
