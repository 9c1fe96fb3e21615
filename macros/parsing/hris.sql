{#-
    FROM-clause fragment: one row per item of a delimited text list (HRIS
    PreviousEmails, 'a@x;b@y'), as `<alias>.item` (text, untrimmed, possibly
    empty) and `<alias>.item_index` (its 1-based position). Rows whose
    text is null produce no rows. `delimiter` is one literal character.
-#}
{% macro delimited_text_rows(expr, delimiter, alias) -%}
    {{ return(adapter.dispatch('delimited_text_rows', 'certgap')(expr, delimiter, alias)) }}
{%- endmacro %}

{% macro duckdb__delimited_text_rows(expr, delimiter, alias) -%}
    cross join unnest(
        string_split({{ expr }}, '{{ delimiter }}')
    ) with ordinality as {{ alias }} (item, item_index)
{%- endmacro %}

{#-
    Spark 3.4+: a lateral subquery over the posexplode() table function.
    split() takes a regular expression, so the delimiter goes into a
    character class; limit -1 keeps trailing empty items, as DuckDB does.
    Not yet run on Spark (no Spark in the dev stack of this change).
-#}
{% macro spark__delimited_text_rows(expr, delimiter, alias) -%}
    cross join lateral (
        select
            cast(list_items.pos + 1 as bigint) as item_index,
            list_items.col as item
        from posexplode(split({{ expr }}, '[{{ delimiter }}]', -1)) as list_items
    ) as {{ alias }}
{%- endmacro %}
