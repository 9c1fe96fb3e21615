{#-
    Open Badges DateTime text -> UTC timestamp, or null when unreadable.

    Open Badges 2.0 allows "either an ISO 8601 date or a standard 10-digit
    Unix timestamp" for issuedOn and expires; 3.0 (validFrom, validUntil)
    uses ISO 8601 only. Both forms are read here; ISO text goes through
    iso_timestamp_utc, so its rules (offsets, '-00:00') apply.
-#}
{% macro ob_datetime_utc(expr) -%}
    {{ return(adapter.dispatch('ob_datetime_utc', 'certgap')(expr)) }}
{%- endmacro %}

{#- Engines without a variant read the ISO form only. -#}
{% macro default__ob_datetime_utc(expr) -%}
    {{ iso_timestamp_utc(expr) }}
{%- endmacro %}

{% macro duckdb__ob_datetime_utc(expr) -%}
    case
        when regexp_full_match(trim({{ expr }}), '[0-9]{9,10}')
            then timezone(
                'UTC', to_timestamp(cast(trim({{ expr }}) as bigint))
            )
        else {{ iso_timestamp_utc(expr) }}
    end
{%- endmacro %}

{#- Session time zone is UTC (profiles.yml). Not yet run on Spark. -#}
{% macro spark__ob_datetime_utc(expr) -%}
    case
        when trim({{ expr }}) rlike '^[0-9]{9,10}$'
            then timestamp_seconds(cast(trim({{ expr }}) as bigint))
        else {{ iso_timestamp_utc(expr) }}
    end
{%- endmacro %}
