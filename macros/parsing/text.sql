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

{#-
    string_agg_ordered(expr, delimiter, order_by): the values of `expr` in a
    group, nulls skipped, joined by the SQL expression `delimiter` in the
    order of `order_by` (a single expression, ascending). dbt.listagg drops
    its order_by clause on Spark, which would join a file's lines in any
    order.
-#}
{% macro string_agg_ordered(expr, delimiter, order_by) -%}
    {{ return(adapter.dispatch('string_agg_ordered', 'certgap')(expr, delimiter, order_by)) }}
{%- endmacro %}

{% macro default__string_agg_ordered(expr, delimiter, order_by) -%}
    string_agg({{ expr }}, {{ delimiter }} order by {{ order_by }})
{%- endmacro %}

{#- Spark: (key, value) pairs sorted by key, then their values joined
    (array_join skips nulls); null, as in DuckDB, when all values are. -#}
{% macro spark__string_agg_ordered(expr, delimiter, order_by) -%}
    case
        when count({{ expr }}) > 0
            then array_join(
                transform(
                    array_sort(
                        collect_list(struct({{ order_by }} as sort_key, {{ expr }} as value))
                    ),
                    item -> item.value
                ),
                {{ delimiter }}
            )
    end
{%- endmacro %}
