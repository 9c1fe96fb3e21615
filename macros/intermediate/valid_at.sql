{#-
    Point-in-time join condition against an effective-dated (SCD2) model:
    the version of `history_alias` in force on `date_expr`.

      left join history
          on history.employee_id = completions.employee_id
          and {{ valid_at('history', 'completions.completed_date') }}

    valid_from is inclusive, valid_to exclusive (null while current), so a
    manager change effective the day before training is already in force.
-#}
{% macro valid_at(history_alias, date_expr) -%}
    {{ history_alias }}.valid_from <= {{ date_expr }}
    and (
        {{ history_alias }}.valid_to is null
        or {{ date_expr }} < {{ history_alias }}.valid_to
    )
{%- endmacro %}
