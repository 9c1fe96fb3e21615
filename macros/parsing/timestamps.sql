{#-
    Text -> UTC timestamp, or null when it cannot be read.

    iso_timestamp_utc accepts ISO 8601 with 'Z' or a +hh:mm offset, in the
    extended ('2015-11-18T12:17:00Z') or the basic form ('20151118T121700Z',
    '20151118T121700+0100'; seconds required). A text without an offset is
    read as UTC, and iso_timestamp_is_offset_missing says so, for the model
    to flag and audit rather than trust. '-00:00' means "offset unknown" and
    is forbidden by xAPI (so is '-0000'), so it is treated as unreadable
    rather than guessed.
-#}
{% macro iso_timestamp_utc(expr) -%}
    {{ return(adapter.dispatch('iso_timestamp_utc', 'certgap')(expr)) }}
{%- endmacro %}

{#- The basic form's pattern; the groups are the extended form's parts. -#}
{% macro iso_basic_pattern() -%}
    ^ *([0-9]{4})([0-9]{2})([0-9]{2})T([0-9]{2})([0-9]{2})([0-9]{2})([.][0-9]+)?(Z|[+-][0-9]{2}(?::?[0-9]{2})?)? *$
{%- endmacro %}

{#-
    True when a timestamp text has a time but no offset or zone (or no time
    at all), null for no text. Portable: regexp_extract is '' on no match on
    both engines.
-#}
{% macro iso_timestamp_is_offset_missing(expr) -%}
    case
        when {{ expr }} is not null
            then regexp_extract(
                trim({{ expr }}),
                '[Tt ][0-9]{2}(:?[0-9]{2}){0,2}([.,][0-9]+)? *([zZ]|[+-][0-9]{2}(:?[0-9]{2})?|[A-Za-z][A-Za-z_/]*)$',
                0
            ) = ''
    end
{%- endmacro %}

{% macro duckdb__iso_timestamp_utc(expr) -%}
    case
        when {{ expr }} like '%-00:00' or {{ expr }} like '%T%-0000' then null
        else timezone('UTC', try_cast(
            regexp_replace({{ expr }}, '{{ iso_basic_pattern() }}', '\1-\2-\3T\4:\5:\6\7\8')
            as timestamptz
        ))
    end
{%- endmacro %}

{#-
    Spark (session time zone UTC, see profiles.yml): try_cast reads the same
    ISO forms as DuckDB's timestamptz cast (offsets Z, +hh, +hhmm, +hh:mm,
    zone names) but also a bare year or year-month and 'GMT+1'-style zones,
    which DuckDB refuses; the guards refuse them here too. DuckDB also takes
    slashes in the date ('2026/03/12'), so they are turned into dashes.
-#}
{% macro spark__iso_timestamp_utc(expr) -%}
    case
        when {{ expr }} like '%-00:00' or {{ expr }} like '%T%-0000' then null
        when {{ expr }} rlike '(?i)(gmt|utc?)[+-]' then null
        when {{ expr }} rlike '{{ iso_basic_pattern() }}'
            then try_cast(
                regexp_replace(
                    {{ expr }},
                    '{{ iso_basic_pattern() }}',
                    '$1-$2-$3T$4:$5:$6$7$8'
                ) as timestamp
            )
        when {{ expr }} rlike '^ *[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([^0-9]|$)'
            then try_cast({{ expr }} as timestamp)
        when {{ expr }} rlike '^ *[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}([^0-9]|$)'
            then try_cast(
                regexp_replace(
                    {{ expr }},
                    '^( *[0-9]{4})/([0-9]{1,2})/',
                    '$1-$2-'
                ) as timestamp
            )
    end
{%- endmacro %}

{#- 'YYYYMMDD' (Degreed) -> date. -#}
{% macro compact_date(expr) -%}
    {{ return(adapter.dispatch('compact_date', 'certgap')(expr)) }}
{%- endmacro %}

{% macro duckdb__compact_date(expr) -%}
    cast(try_strptime({{ expr }}, '%Y%m%d') as date)
{%- endmacro %}

{#- try_to_timestamp, not to_date: with ANSI mode on, to_date raises on bad
    input instead of returning null. -#}
{% macro spark__compact_date(expr) -%}
    cast(try_to_timestamp({{ expr }}, 'yyyyMMdd') as date)
{%- endmacro %}

{#- Epoch milliseconds (LinkedIn) -> UTC timestamp. -#}
{% macro epoch_ms_utc(expr) -%}
    {{ return(adapter.dispatch('epoch_ms_utc', 'certgap')(expr)) }}
{%- endmacro %}

{% macro duckdb__epoch_ms_utc(expr) -%}
    cast(epoch_ms(try_cast({{ expr }} as bigint)) as timestamp)
{%- endmacro %}

{#- DuckDB's try_cast(text as bigint) rounds a decimal text half away from
    zero ('1.5' -> 2) and reads exponents ('1e3'); a decimal cast and round()
    do the same on Spark, whose try_cast to bigint refuses both. -#}
{% macro spark__epoch_ms_utc(expr) -%}
    timestamp_millis(
        try_cast(round(try_cast(trim({{ expr }}) as decimal(38, 10))) as bigint)
    )
{%- endmacro %}

{#- 'YYYY-MM-DD' (or a longer ISO text starting with a date) -> date. -#}
{% macro iso_date(expr) -%}
    {{ return(adapter.dispatch('iso_date', 'certgap')(expr)) }}
{%- endmacro %}

{% macro duckdb__iso_date(expr) -%}
    try_cast(left({{ expr }}, 10) as date)
{%- endmacro %}

{#- Spark's date cast also accepts '2026', '2026-03' and '2026-3-2T...',
    which DuckDB's does not: only a whole date is cast. -#}
{% macro spark__iso_date(expr) -%}
    case
        when left({{ expr }}, 10) rlike '^ *[0-9]{4}-[0-9]{1,2}-[0-9]{1,2} *$'
            then try_cast(left({{ expr }}, 10) as date)
        when left({{ expr }}, 10) rlike '^ *[0-9]{4}/[0-9]{1,2}/[0-9]{1,2} *$'
            then try_cast(replace(left({{ expr }}, 10), '/', '-') as date)
    end
{%- endmacro %}
