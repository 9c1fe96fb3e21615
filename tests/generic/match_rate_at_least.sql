{#-
    Each source's identity match rate is at least its floor. `floors` maps
    source_system -> minimum rate; sources not listed need 'default'.
    A source with fewer than `min_identifiers` distinct identifiers is too
    small to judge by a rate (one unknown account in five is 20 %); its
    unmatched identifiers stay listed in audit_identity_unmatched.
-#}
{% test match_rate_at_least(model, floors, min_identifiers=0) %}

with

rates as (
    select * from {{ model }}
),

final as (
    select
        source_system,
        identifier_count,
        match_rate,
        case source_system
            {%- for source_system, floor in floors.items() if source_system != 'default' %}
            when '{{ source_system }}' then {{ floor }}
            {%- endfor %}
            else {{ floors.get('default', 1.0) }}
        end as match_rate_floor
    from rates
)

select * from final
where
    match_rate < match_rate_floor
    and identifier_count >= {{ min_identifiers | int }}

{% endtest %}
