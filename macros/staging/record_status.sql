{#-
    Columns that decide what happens to each parsed record, for a base model:

      _row_status               staged | rejected | duplicate
      has_conflicting_duplicate another accepted record has the same key but
                                different content (kept, but flagged)

    Among accepted records with the same key, the one that sorts first by
    `keep_first_order` is staged and the others are duplicates. `relation` is
    the CTE holding _reject_reason, the key and the payload columns.
    `staged_as`, if given, is an SQL expression giving the status of a
    staged record instead of 'staged' (a source whose records are of several
    kinds, e.g. Open Badges revocation documents beside credentials).
-#}
{% macro record_status(relation, key, payload, keep_first_order, staged_as=none) -%}
    {%- set key_list = key | join(', ') -%}
    {%- set parts = [] -%}
    {%- for column in payload -%}
        {%- do parts.append(
            "coalesce(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), '~')"
        ) -%}
        {%- if not loop.last %}{% do parts.append("'|'") %}{% endif -%}
    {%- endfor -%}
    {%- set payload_hash = dbt.hash(dbt.concat(parts)) -%}
    with_payload_hash as (
        select
            *,
            {{ payload_hash }} as _payload_hash
        from {{ relation }}
    ),

    with_status as (
        select
            *,
            case
                when _reject_reason is not null then 'rejected'
                when row_number() over (
                    partition by _reject_reason is null, {{ key_list }}
                    order by {{ keep_first_order }}
                ) > 1 then 'duplicate'
                else {{ staged_as or "'staged'" }}
            end as _row_status,
            _reject_reason is null
            and min(_payload_hash) over (
                partition by _reject_reason is null, {{ key_list }}
            ) <> max(_payload_hash) over (
                partition by _reject_reason is null, {{ key_list }}
            ) as has_conflicting_duplicate
        from with_payload_hash
    )
{%- endmacro %}
