{#-
    Strategy replace_all: the model's select computes the whole new table
    (from {{ this }} and what is new), and the build swaps every row for it.
    For small incremental models whose saving is in how the rows are
    computed, not in how many are written (int_badge_hashes_matched).
-#}
{% macro get_incremental_replace_all_sql(arg_dict) -%}
    {%- set columns = get_quoted_csv(
        arg_dict['dest_columns'] | map(attribute='name')
    ) -%}
    delete from {{ arg_dict['target_relation'] }};

    insert into {{ arg_dict['target_relation'] }} ({{ columns }})
    select {{ columns }}
    from {{ arg_dict['temp_relation'] }}
{%- endmacro %}
