{#-
    Text -> UTC timestamp, or null when it cannot be read.

    iso_timestamp_utc accepts ISO 8601 with 'Z' or a +hh:mm offset (and no
    offset, read as UTC). '-00:00' means "offset unknown" and is forbidden by
    xAPI, so it is treated as unreadable rather than guessed.
-#}
{% macro iso_timestamp_utc(expr) -%}
    {{ return(adapter.dispatch('iso_timestamp_utc', 'certgap')(expr)) }}
{%- endmacro %}

{% macro duckdb__iso_timestamp_utc(expr) -%}
    case
        when {{ expr }} like '%-00:00' then null
        else timezone('UTC', try_cast({{ expr }} as timestamptz))
    end
{%- endmacro %}

{#- 'YYYYMMDD' (Degreed) -> date. -#}
{% macro compact_date(expr) -%}
    {{ return(adapter.dispatch('compact_date', 'certgap')(expr)) }}
{%- endmacro %}

{% macro duckdb__compact_date(expr) -%}
    cast(try_strptime({{ expr }}, '%Y%m%d') as date)
{%- endmacro %}

{#- Epoch milliseconds (LinkedIn) -> UTC timestamp. -#}
{% macro epoch_ms_utc(expr) -%}
    {{ return(adapter.dispatch('epoch_ms_utc', 'certgap')(expr)) }}
{%- endmacro %}

{% macro duckdb__epoch_ms_utc(expr) -%}
    cast(epoch_ms(try_cast({{ expr }} as bigint)) as timestamp)
{%- endmacro %}

{#- 'YYYY-MM-DD' (or a longer ISO text starting with a date) -> date. -#}
{% macro iso_date(expr) -%}
    {{ return(adapter.dispatch('iso_date', 'certgap')(expr)) }}
{%- endmacro %}

{% macro duckdb__iso_date(expr) -%}
    try_cast(left({{ expr }}, 10) as date)
{%- endmacro %}
