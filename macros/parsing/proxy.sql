{#-
    Secure web gateway (Zscaler NSS style) logs: tab-separated lines with a
    header row, and a free-text field (`prompt`) that must never be read.

    parse_redacted_tsv_lines(lines_cte, redacted_column, columns) selects
    every data line of `lines_cte` (the output of read_raw_lines) as
    `parsed_lines` with
      <column>_field    for each header name in `columns` (matched trimmed
                        and case-insensitively, so extra or reordered columns
                        are harmless): the value without enclosing double
                        quotes ("" inside one becomes ") or surrounding
                        spaces; empty -> null
      is_wellformed     as many fields as the header, and no field outside
                        the redacted column opens a quote it does not close
      redacted_line     the line without the redacted column, re-joined with
                        tabs
    The redacted column is never read. On a line whose field count differs
    from its header's, only the fields that surely precede the redacted one
    are kept, both in redacted_line and in the <column>_field values (the
    others are null): those before its position counted from the start and
    counted from the end, so neither a tab typed into the redacted text nor
    a missing field before it lets that text through. Lines are split on
    tabs without quote parsing (NSS feeds write values as they are). The
    lines CTE passed in still holds the redacted text: never select its
    raw_line.

    Lean on purpose (tens of millions of lines): one split per line, header
    positions computed once per file, no CASE over list values (DuckDB
    copies lists through CASE), and CTEs inlined rather than materialized.
    `header_lines` (optional, as in parse_delimited_lines): a CTE of each
    file's header line, so that `lines_cte` has one reader and streams.
-#}
{% macro parse_redacted_tsv_lines(lines_cte, redacted_column, columns, header_lines=none) -%}
    {{ redacted_tsv_headers(lines_cte, redacted_column, columns, header_lines) }},

    {{ redacted_tsv_field_texts(columns) }},

    {{ redacted_tsv_field_values(columns) }}
{%- endmacro %}

{#-
    Step 1, header discovery: `split_lines` (every line split on tabs, and
    whether it holds a quote) and `headers` (per file: the header's field
    count and the 1-based positions of the redacted column, header count + 1
    when absent, and of each of `columns`, null when absent).
-#}
{% macro redacted_tsv_headers(lines_cte, redacted_column, columns, header_lines=none) -%}
    {{ return(adapter.dispatch('redacted_tsv_headers', 'certgap')(
        lines_cte, redacted_column, columns, header_lines
    )) }}
{%- endmacro %}

{% macro duckdb__redacted_tsv_headers(
    lines_cte, redacted_column, columns, header_lines=none
) -%}
    split_lines as not materialized (
        select
            raw_lines._source_file,
            raw_lines._source_line,
            raw_lines._source_file_size,
            raw_lines._source_file_modified_epoch,
            string_split(raw_lines.raw_line, chr(9)) as fields,
            contains(raw_lines.raw_line, '"') as has_quote
        from {{ lines_cte }} as raw_lines
    ),

    header_lines as (
        select
            _source_file,
            len(fields) as header_count,
            list_transform(fields, lambda h: lower(trim(h))) as header_fields
        {%- if header_lines %}
        from (
            select
                _source_file,
                string_split(raw_line, chr(9)) as fields
            from {{ header_lines }}
        ) as header_split
        {%- else %}
        from split_lines
        where _source_line = 1
        {%- endif %}
    ),

    headers as (
        select
            _source_file,
            header_count,
            coalesce(
                list_position(header_fields, '{{ redacted_column | lower }}'),
                header_count + 1
            ) as redacted_position,
            {%- for column in columns %}
            list_position(header_fields, '{{ column | lower }}')
                as {{ column }}_position{{ ',' if not loop.last }}
            {%- endfor %}
        from header_lines
    )
{%- endmacro %}

{#-
    Step 2, redaction: `field_texts`, each data line aligned with its file's
    header, with is_wellformed, redacted_line and the raw text of each of
    `columns` (<column>_text). The redacted field is never taken, and on a
    misaligned line only the fields that surely precede it are (see above).
-#}
{% macro redacted_tsv_field_texts(columns) -%}
    {{ return(adapter.dispatch('redacted_tsv_field_texts', 'certgap')(columns)) }}
{%- endmacro %}

{% macro duckdb__redacted_tsv_field_texts(columns) -%}
    aligned_lines as (
        select
            split_lines._source_file,
            split_lines._source_line,
            split_lines._source_file_size,
            split_lines._source_file_modified_epoch,
            split_lines.fields,
            split_lines.has_quote,
            headers.redacted_position,
            {%- for column in columns %}
            headers.{{ column }}_position,
            {%- endfor %}
            len(split_lines.fields) = headers.header_count as is_aligned,
            greatest(
                least(
                    headers.redacted_position,
                    len(split_lines.fields)
                    - headers.header_count
                    + headers.redacted_position
                ) - 1,
                0
            ) as kept_before_count
        from split_lines
        inner join headers
            on split_lines._source_file = headers._source_file
        where split_lines._source_line > 1
    ),

    field_texts as (
        select
            _source_file,
            _source_line,
            _source_file_size,
            _source_file_modified_epoch,
            has_quote,
            is_aligned
            and not (
                case
                    when has_quote
                        then list_bool_or(
                            list_transform(
                                list_concat(
                                    fields[1:redacted_position - 1],
                                    fields[redacted_position + 1:]
                                ),
                                lambda value: starts_with(value, '"')
                                and (
                                    length(value) < 2
                                    or not ends_with(value, '"')
                                )
                            )
                        )
                    else false
                end
            ) as is_wellformed,
            array_to_string(
                list_concat(
                    fields[1:kept_before_count],
                    fields[
                        (
                            case
                                when is_aligned then redacted_position
                                else len(fields)
                            end
                        ) + 1:
                    ]
                ),
                chr(9)
            ) as redacted_line,
            {%- for column in columns %}
            fields[
                case
                    when
                        {{ column }}_position <> redacted_position
                        and (
                            is_aligned
                            or {{ column }}_position <= kept_before_count
                        )
                        then {{ column }}_position
                end
            ] as {{ column }}_text{{ ',' if not loop.last }}
            {%- endfor %}
        from aligned_lines
    )
{%- endmacro %}

{#-
    Step 3, per-field values: `parsed_lines`, each <column>_text as
    <column>_field, without enclosing double quotes ("" inside becomes ")
    or surrounding spaces; empty -> null.
-#}
{% macro redacted_tsv_field_values(columns) -%}
    {{ return(adapter.dispatch('redacted_tsv_field_values', 'certgap')(columns)) }}
{%- endmacro %}

{% macro duckdb__redacted_tsv_field_values(columns) -%}
    parsed_lines as (
        select
            _source_file,
            _source_line,
            _source_file_size,
            _source_file_modified_epoch,
            is_wellformed,
            redacted_line,
            {%- for column in columns %}
            nullif(
                case
                    when
                        has_quote
                        and starts_with(trim({{ column }}_text), '"')
                        and ends_with(trim({{ column }}_text), '"')
                        then replace(
                            trim({{ column }}_text)[2:-2], '""', '"'
                        )
                    when
                        starts_with({{ column }}_text, ' ')
                        or ends_with({{ column }}_text, ' ')
                        then trim({{ column }}_text)
                    else {{ column }}_text
                end,
                ''
            ) as {{ column }}_field{{ ',' if not loop.last }}
            {%- endfor %}
        from field_texts
    )
{%- endmacro %}

{#-
    Spark: the three steps with Spark's array functions. Their positions are
    1-based as DuckDB's (slice, try_element_at, array_position, which says 0
    rather than null for "not found"); `exists` plays list_bool_or, and
    trim_spaces the Unicode-aware trim of DuckDB. split() takes a regular
    expression: a tab is a literal there, and limit -1 keeps empty trailing
    fields, as string_split does.
-#}
{#- (Spark reads a CTE again for each reader, so header_lines is not needed.) -#}
{% macro spark__redacted_tsv_headers(
    lines_cte, redacted_column, columns, header_lines=none
) -%}
    split_lines as (
        select
            raw_lines._source_file,
            raw_lines._source_line,
            raw_lines._source_file_size,
            raw_lines._source_file_modified_epoch,
            split(raw_lines.raw_line, chr(9), -1) as fields,
            contains(raw_lines.raw_line, '"') as has_quote
        from {{ lines_cte }} as raw_lines
    ),

    header_lines as (
        select
            _source_file,
            size(fields) as header_count,
            transform(fields, h -> lower({{ trim_spaces('h') }})) as header_fields
        from split_lines
        where _source_line = 1
    ),

    headers as (
        select
            _source_file,
            header_count,
            coalesce(
                nullif(array_position(header_fields, '{{ redacted_column | lower }}'), 0),
                header_count + 1
            ) as redacted_position,
            {%- for column in columns %}
            nullif(array_position(header_fields, '{{ column | lower }}'), 0)
                as {{ column }}_position{{ ',' if not loop.last }}
            {%- endfor %}
        from header_lines
    )
{%- endmacro %}

{% macro spark__redacted_tsv_field_texts(columns) -%}
    aligned_lines as (
        select
            split_lines._source_file,
            split_lines._source_line,
            split_lines._source_file_size,
            split_lines._source_file_modified_epoch,
            split_lines.fields,
            split_lines.has_quote,
            headers.redacted_position,
            {%- for column in columns %}
            headers.{{ column }}_position,
            {%- endfor %}
            size(split_lines.fields) = headers.header_count as is_aligned,
            greatest(
                least(
                    headers.redacted_position,
                    size(split_lines.fields)
                    - headers.header_count
                    + headers.redacted_position
                ) - 1,
                0
            ) as kept_before_count
        from split_lines
        inner join headers
            on split_lines._source_file = headers._source_file
        where split_lines._source_line > 1
    ),

    field_texts as (
        select
            _source_file,
            _source_line,
            _source_file_size,
            _source_file_modified_epoch,
            has_quote,
            is_aligned
            and not (
                case
                    when has_quote
                        then exists(
                            concat(
                                slice(fields, 1, redacted_position - 1),
                                slice(fields, redacted_position + 1, size(fields))
                            ),
                            value -> startswith(value, '"')
                            and (length(value) < 2 or not endswith(value, '"'))
                        )
                    else false
                end
            ) as is_wellformed,
            array_join(
                concat(
                    slice(fields, 1, kept_before_count),
                    slice(
                        fields,
                        (
                            case
                                when is_aligned then redacted_position
                                else size(fields)
                            end
                        ) + 1,
                        size(fields)
                    )
                ),
                chr(9)
            ) as redacted_line,
            {%- for column in columns %}
            try_element_at(
                fields,
                case
                    when
                        {{ column }}_position <> redacted_position
                        and (
                            is_aligned
                            or {{ column }}_position <= kept_before_count
                        )
                        then cast({{ column }}_position as int)
                end
            ) as {{ column }}_text{{ ',' if not loop.last }}
            {%- endfor %}
        from aligned_lines
    )
{%- endmacro %}

{% macro spark__redacted_tsv_field_values(columns) -%}
    parsed_lines as (
        select
            _source_file,
            _source_line,
            _source_file_size,
            _source_file_modified_epoch,
            is_wellformed,
            redacted_line,
            {%- for column in columns %}
            nullif(
                case
                    when
                        has_quote
                        and startswith({{ trim_spaces(column ~ '_text') }}, '"')
                        and endswith({{ trim_spaces(column ~ '_text') }}, '"')
                        then replace(
                            substring(
                                {{ trim_spaces(column ~ '_text') }},
                                2,
                                length({{ trim_spaces(column ~ '_text') }}) - 2
                            ),
                            '""',
                            '"'
                        )
                    when
                        startswith({{ column }}_text, ' ')
                        or endswith({{ column }}_text, ' ')
                        then {{ trim_spaces(column ~ '_text') }}
                    else {{ column }}_text
                end,
                ''
            ) as {{ column }}_field{{ ',' if not loop.last }}
            {%- endfor %}
        from field_texts
    )
{%- endmacro %}

{#-
    Gateway log time -> UTC timestamp, or null when it cannot be read: ISO
    8601 (with or without offset; none = UTC) or the NSS default
    `Mon Jun 20 15:29:11 2022` (written in the feed's zone, UTC by default).
-#}
{% macro gateway_timestamp_utc(expr) -%}
    {{ return(adapter.dispatch('gateway_timestamp_utc', 'certgap')(expr)) }}
{%- endmacro %}

{% macro duckdb__gateway_timestamp_utc(expr) -%}
    case
        when not left({{ expr }}, 1) between '0' and '9'
            then try_strptime({{ expr }}, '%a %b %d %H:%M:%S %Y')
        else {{ iso_timestamp_utc(expr) }}
    end
{%- endmacro %}

{#-
    Spark 3+ cannot parse day-of-week names ('E' is for formatting only), so
    the leading name is checked by a pattern and cut off. DuckDB's %a takes
    any abbreviated day name in any case, whatever the date; %d and %H take
    one or two digits, and runs of blanks match one.
-#}
{% macro spark__gateway_timestamp_utc(expr) -%}
    case
        when not left({{ expr }}, 1) between '0' and '9'
            then case
                when
                    {{ expr }}
                    rlike '^\\s*(?i)(mon|tue|wed|thu|fri|sat|sun)\\s+[a-z]{3}\\s+[0-9]{1,2}\\s+[0-9]{1,2}:[0-9]{2}:[0-9]{2}\\s+[0-9]{1,4}\\s*$'
                    then try_to_timestamp(
                        trim(
                            regexp_replace(
                                regexp_replace({{ expr }}, '^\\s*[a-zA-Z]{3}', ''),
                                '\\s+',
                                ' '
                            )
                        ),
                        'MMM d H:mm:ss y'
                    )
            end
        else {{ iso_timestamp_utc(expr) }}
    end
{%- endmacro %}

{#-
    `host_matches`: each row of `requests` (with a lowercased request_host)
    and the ai_hosts row (`ai_hosts`) of its host: host_suffix, tool_id,
    is_consumer, is_ambiguous, null when none. A host matches a suffix when
    it is the suffix or ends with '.' and the suffix: x.chatgpt.com matches
    chatgpt.com, notchatgpt.com does not. Both then end in the same two
    labels: an equality a hash join can use (the suffix test alone made a
    nested loop over every request). Shared by the gateway's parse model and
    the test proxy_host_matches_seed, so both match alike.
-#}
{% macro ai_host_matches(requests, ai_hosts) -%}
    ai_host_suffixes as (
        select
            host_suffix,
            tool_id,
            is_consumer,
            is_ambiguous,
            -- its last two labels: the join key (every suffix has two)
            regexp_extract(host_suffix, '[^.]*[.][^.]*$', 0) as host_suffix_tail
        from {{ ai_hosts }}
    ),

    host_matches as (
        select
            requests.*,
            ai_host_suffixes.host_suffix,
            ai_host_suffixes.tool_id,
            ai_host_suffixes.is_consumer,
            ai_host_suffixes.is_ambiguous
        from {{ requests }} as requests
        left join ai_host_suffixes
            on
                regexp_extract(requests.request_host, '[^.]*[.][^.]*$', 0)
                = ai_host_suffixes.host_suffix_tail
                and right(
                    '.' || requests.request_host,
                    length(ai_host_suffixes.host_suffix) + 1
                ) = '.' || ai_host_suffixes.host_suffix
    )
{%- endmacro %}
