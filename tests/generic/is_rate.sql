{#- A rate: null (nothing to divide by) or within 0..1. -#}
{% test is_rate(model, column_name) %}

select {{ column_name }}
from {{ model }}
where {{ column_name }} < 0 or {{ column_name }} > 1

{% endtest %}
