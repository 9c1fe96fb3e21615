{#- The columns together identify a row (the model's grain). Nulls compare equal. -#}
{% test unique_combination(model, columns) %}

with

grain as (
    select
        {{ columns | join(', ') }},
        count(*) as row_count
    from {{ model }}
    group by {{ columns | join(', ') }}
),

final as (
    select * from grain
    where row_count > 1
)

select * from final

{% endtest %}
