{#-
    CSV and TSV lines -> lists of fields, mapped to columns by header name.

    parse_delimited_lines(lines_cte, delimiter) selects every data line of
    `lines_cte` (the output of read_raw_lines) with
      fields          list of field values, quotes removed
      header_fields   that file's header, so columns are found by name and
                      extra or reordered columns are harmless
      is_wellformed   quoting intact and as many fields as the header
    csv_field('Name') then reads one column by header name (null if absent).
    `header_lines` (optional): a CTE of each file's header line
    (_source_file, raw_line), read_raw_header_lines(); without it the
    headers are the line-1 rows of `lines_cte`, which then has two readers
    (DuckDB materializes it: every line of the folder in memory).
-#}
{% macro parse_delimited_lines(lines_cte, delimiter=',', header_lines=none) -%}
    {{ return(adapter.dispatch('parse_delimited_lines', 'certgap')(
        lines_cte, delimiter, header_lines
    )) }}
{%- endmacro %}

{% macro duckdb__parse_delimited_lines(lines_cte, delimiter, header_lines=none) -%}
    {%- set d = '\t' if delimiter == 'tab' else delimiter -%}
    {%- set d_sql = 'chr(9)' if delimiter == 'tab' else "'" ~ delimiter ~ "'" -%}
    {#- A field is either "quoted with "" escapes" or free of quotes and delimiters. -#}
    {%- set field_re = '("(?:[^"]|"")*"|[^' ~ d ~ '"]*)' -%}
    with_fields as (
        select
            raw_lines._source_file,
            raw_lines._source_line,
            raw_lines._source_file_size,
            raw_lines._source_file_modified_epoch,
            raw_lines.raw_line,
            {{ duckdb_csv_fields('raw_lines.raw_line', d, d_sql, field_re) }}
                as fields,
            not contains(raw_lines.raw_line, '"')
            or regexp_full_match(
                raw_lines.raw_line,
                '{{ field_re }}({{ d }}{{ field_re }})*'
            ) as is_quoting_intact
        from {{ lines_cte }} as raw_lines
    ),

    headers as (
        {%- if header_lines %}
        select
            _source_file,
            list_transform(
                {{ duckdb_csv_fields('raw_line', d, d_sql, field_re) }},
                lambda h: trim(h)
            ) as header_fields
        from {{ header_lines }}
        {%- else %}
        select
            _source_file,
            list_transform(fields, lambda h: trim(h)) as header_fields
        from with_fields
        where _source_line = 1
        {%- endif %}
    ),

    parsed_lines as (
        select
            with_fields._source_file,
            with_fields._source_line,
            with_fields._source_file_size,
            with_fields._source_file_modified_epoch,
            with_fields.raw_line,
            with_fields.fields,
            headers.header_fields,
            with_fields.is_quoting_intact
            and len(with_fields.fields) = len(headers.header_fields)
                as is_wellformed
        from with_fields
        inner join headers
            on with_fields._source_file = headers._source_file
        where with_fields._source_line > 1
    )
{%- endmacro %}

{#- The fields of a CSV line `line`, quotes removed (DuckDB). -#}
{% macro duckdb_csv_fields(line, d, d_sql, field_re) -%}
case
    when not contains({{ line }}, '"')
        then string_split({{ line }}, {{ d_sql }})
    else list_transform(
        regexp_extract_all(
            {{ d_sql }} || {{ line }},
            '{{ d }}{{ field_re }}',
            1
        ),
        lambda value: case
            when starts_with(value, '"')
                then replace(value[2:-2], '""', '"')
            else value
        end
    )
end
{%- endmacro %}

{#- One column by header name; empty strings become null. -#}
{% macro csv_field(name) -%}
    {{ return(adapter.dispatch('csv_field', 'certgap')(name)) }}
{%- endmacro %}

{% macro duckdb__csv_field(name) -%}
    nullif(trim(parsed_lines.fields[list_position(parsed_lines.header_fields, '{{ name }}')]), '')
{%- endmacro %}

{#-
    Spark: the same parse with Java regular expressions. A quoted field is
    written `"[^"]*(?:""[^"]*)*"` (the same language as DuckDB's
    `"(?:[^"]|"")*"`) so that Java's backtracking matcher does not recurse
    once per character of a long quoted field. split() takes a regular
    expression, so the delimiter goes into a character class; `\z` (not `$`)
    anchors the full-line match, because Java's `$` also matches before a
    final line terminator.
-#}
{#- (Spark reads a CTE again for each reader, so header_lines is not needed.) -#}
{% macro spark__parse_delimited_lines(lines_cte, delimiter, header_lines=none) -%}
    {%- set d = '\t' if delimiter == 'tab' else delimiter -%}
    {%- set quoted_re = '"[^"]*(?:""[^"]*)*"' -%}
    {%- set field_re = '(?:' ~ quoted_re ~ '|[^' ~ d ~ '"]*)' -%}
    with_fields as (
        select
            raw_lines._source_file,
            raw_lines._source_line,
            raw_lines._source_file_size,
            raw_lines._source_file_modified_epoch,
            raw_lines.raw_line,
            case
                when instr(raw_lines.raw_line, '"') = 0
                    then split(raw_lines.raw_line, '[{{ d }}]', -1)
                else transform(
                    regexp_extract_all(
                        concat('{{ d }}', raw_lines.raw_line),
                        '[{{ d }}]({{ quoted_re }}|[^{{ d }}"]*)',
                        1
                    ),
                    field_value -> case
                        when left(field_value, 1) = '"'
                            then replace(
                                substr(field_value, 2, length(field_value) - 2),
                                '""',
                                '"'
                            )
                        else field_value
                    end
                )
            end as fields,
            instr(raw_lines.raw_line, '"') = 0
            or raw_lines.raw_line rlike
                '^{{ field_re }}(?:[{{ d }}]{{ field_re }})*\\z'
                as is_quoting_intact
        from {{ lines_cte }} as raw_lines
    ),

    headers as (
        select
            _source_file,
            transform(fields, header_name -> {{ trim_spaces('header_name') }})
                as header_fields
        from with_fields
        where _source_line = 1
    ),

    parsed_lines as (
        select
            with_fields._source_file,
            with_fields._source_line,
            with_fields._source_file_size,
            with_fields._source_file_modified_epoch,
            with_fields.raw_line,
            with_fields.fields,
            headers.header_fields,
            with_fields.is_quoting_intact
            and size(with_fields.fields) = size(headers.header_fields)
                as is_wellformed
        from with_fields
        inner join headers
            on with_fields._source_file = headers._source_file
        where with_fields._source_line > 1
    )
{%- endmacro %}

{#- array_position() is 0 when absent, and element 0 is an error even for
    try_element_at(), hence the nullif. -#}
{% macro spark__csv_field(name) -%}
    nullif({{ trim_spaces(
        "try_element_at(parsed_lines.fields, cast(nullif(array_position("
        ~ "parsed_lines.header_fields, '" ~ name ~ "'), 0) as int))"
    ) }}, '')
{%- endmacro %}
