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
    {{ return(adapter.dispatch('parse_redacted_tsv_lines', 'certgap')(
        lines_cte, redacted_column, columns, header_lines
    )) }}
{%- endmacro %}

{% macro duckdb__parse_redacted_tsv_lines(
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
    ),

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
    ),

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
