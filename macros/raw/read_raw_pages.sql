{#-
    Every raw file of a source folder that holds JSON API pages, one page a
    file, as its whole text: _source_file, _source_file_size,
    _source_file_modified_epoch and page_text (read by
    parse_json_page_elements). `json_pages` as in read_raw_lines.

    The page is the file's lines as read_raw_lines reads them (no byte-order
    mark, no blank line, no carriage return ending a line) joined by line
    feeds; a file with no line is no page. `files`: read only these
    (raw_files_in_batch: one microbatch's files). DuckDB reads plain files
    whole with its read_text, in one call for the folder: one reader per
    file (read_raw_lines) made the query of a folder of many small pages
    take longer to plan than to run (14.7 s for the 1,497 seat-list pages
    at 10,000 people against 0.2 s). Gzipped pages, and other engines, go
    through the lines.
-#}
{% macro read_raw_pages(
    source_relation, json_pages=none, files=none
) -%}
    {%- if '__dbt__cte__' in (source_relation | string) -%}
        {{ return(raw_lines_as_pages(
            read_raw_lines(source_relation, json_pages=json_pages)
        )) }}
    {%- endif -%}
    {{ return(adapter.dispatch('read_raw_pages', 'certgap')(
        source_relation, json_pages, files
    )) }}
{%- endmacro %}

{% macro default__read_raw_pages(
    source_relation, json_pages, files=none
) -%}
    {{ return(raw_lines_as_pages(read_raw_lines(
        source_relation, materialized=false, json_pages=json_pages,
        files=files
    ))) }}
{%- endmacro %}

{% macro duckdb__read_raw_pages(
    source_relation, json_pages, files=none
) -%}
    {%- set plain_files, packed_files = [], [] -%}
    {%- for file in (
        files if files is not none
        else raw_files_listed(source_relation)
    ) -%}
        {%- if file.path is not none
            and raw_file_is_selected(file.name, json_pages) -%}
            {%- if file.name.lower().endswith(('.gz', '.zst')) -%}
                {% do packed_files.append(file) %}
            {%- else -%}
                {% do plain_files.append(file) %}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not plain_files -%}
        {{ return(raw_lines_as_pages(duckdb_raw_file_lines(packed_files, false))) }}
    {%- endif -%}
    {%- set first = plain_files[0] -%}
    {%- set name_start = first.path | length - first.name | length + 1 -%}
    (
        select
            _source_file,
            _source_file_size,
            _source_file_modified_epoch,
            array_to_string(page_lines, chr(10)) as page_text
        from (
            select
                substr(filename, {{ name_start }}) as _source_file,
                size as _source_file_size,
                cast(epoch_ms(last_modified) // 1000 as bigint)
                    as _source_file_modified_epoch,
                list_filter(
                    list_transform(
                        string_split(
                            case
                                when starts_with(content, chr(65279))
                                    then substr(content, 2)
                                else content
                            end,
                            chr(10)
                        ),
                        lambda page_line: rtrim(page_line, chr(13))
                    ),
                    lambda page_line: ltrim(page_line) <> ''
                ) as page_lines
            from read_text([
                {%- for file in plain_files %}
                '{{ file.path | replace("'", "''") }}'{{ ',' if not loop.last }}
                {%- endfor %}
            ])
        ) as pages
        where len(page_lines) > 0
        {%- if packed_files %}
        union all
        select * from {{ raw_lines_as_pages(
            duckdb_raw_file_lines(packed_files, false)
        ) }}
        {%- endif %}
    )
{%- endmacro %}

{#- Lines (as read_raw_lines gives them) glued back into one text a file. -#}
{% macro raw_lines_as_pages(lines_relation) -%}
    (
        select
            _source_file,
            min(_source_file_size) as _source_file_size,
            min(_source_file_modified_epoch) as _source_file_modified_epoch,
            {{ string_agg_ordered('raw_line', 'chr(10)', '_source_line') }}
                as page_text
        from {{ lines_relation }}
        group by _source_file
    )
{%- endmacro %}
