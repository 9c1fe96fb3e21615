{#-
    Generic test: every row satisfies a boolean SQL expression over the
    model's columns (accepted ranges, implications between flags). A row
    where the expression is false or null fails.

      data_tests:
        - expression_holds:
            arguments:
              expression: "active_days between 0 and 7"
-#}
{% test expression_holds(model, expression, column_name=none) %}

with

checked as (
    select
        *,
        coalesce({{ expression }}, false) as _expression_holds
    from {{ model }}
),

final as (
    select * from checked
    where not _expression_holds
)

select * from final

{% endtest %}
