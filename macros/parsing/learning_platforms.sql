{#-
    Text -> typed values for the learning-platform exports (Coursera, Udemy,
    LinkedIn Learning). Each returns null when the text cannot be read, so
    the caller can tell "empty" (text is null) from "unreadable" (text is
    not null, value is null) and reject the record with a reason.
-#}

{#- Decimal number ('45.5', '1e3') -> double; NaN and infinities -> null. -#}
{% macro text_to_double(expr) -%}
    {{ return(adapter.dispatch('text_to_double', 'certgap')(expr)) }}
{%- endmacro %}

{% macro default__text_to_double(expr) -%}
    {{ dbt.safe_cast(expr, 'double') }}
{%- endmacro %}

{% macro duckdb__text_to_double(expr) -%}
    case
        when isfinite(try_cast({{ expr }} as double))
            then try_cast({{ expr }} as double)
    end
{%- endmacro %}

{% macro spark__text_to_double(expr) -%}
    case
        when not isnan(try_cast({{ expr }} as double))
            and abs(try_cast({{ expr }} as double)) < double('infinity')
            then try_cast({{ expr }} as double)
    end
{%- endmacro %}

{#- Whole number ('1723713018000', also '1723713018000.0') -> bigint. -#}
{% macro text_to_bigint(expr) -%}
    {{ return(adapter.dispatch('text_to_bigint', 'certgap')(expr)) }}
{%- endmacro %}

{% macro default__text_to_bigint(expr) -%}
    {{ dbt.safe_cast(expr, dbt.type_bigint()) }}
{%- endmacro %}

{% macro duckdb__text_to_bigint(expr) -%}
    try_cast({{ expr }} as bigint)
{%- endmacro %}

{% macro spark__text_to_bigint(expr) -%}
    try_cast(try_cast({{ expr }} as decimal(38, 6)) as bigint)
{%- endmacro %}

{#-
    Epoch milliseconds (LinkedIn) -> UTC timestamp, or null when the text is
    not a whole number between 1970 and 2100. The range guard keeps an
    absurd value from failing the whole build (epoch_ms_utc raises on values
    beyond the timestamp range) and rejects 0 / negative placeholders.
-#}
{% macro epoch_ms_text_to_utc(expr) -%}
    case
        when {{ text_to_bigint(expr) }} between 1 and 4102444800000
            then {{ epoch_ms_utc(expr) }}
    end
{%- endmacro %}

{#- 'Yes' / 'No' (any case; also true/false, y/n, 1/0) -> boolean. -#}
{% macro yes_no_to_boolean(expr) -%}
    case
        when lower({{ expr }}) in ('yes', 'y', 'true', '1') then true
        when lower({{ expr }}) in ('no', 'n', 'false', '0') then false
    end
{%- endmacro %}
