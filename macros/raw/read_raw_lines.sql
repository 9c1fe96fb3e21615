{#-
    Every raw file of a source folder, as text lines with their provenance.

    The source's identifier is the folder name under var('raw_dir'); every file
    in it is read, plain or gzip. Lines are read as text and parsed later, so a
    malformed line becomes a rejected row instead of an error or a silent skip.

    Columns: _source_file (path relative to raw_dir), _source_line (1-based
    physical line number; the header of a CSV is line 1), raw_line.
    Blank lines are not records and are left out here.
-#}
{% macro read_raw_lines(source_relation) -%}
    {#- In a dbt unit test, source() is a fixture CTE of given raw lines. -#}
    {%- if '__dbt__cte__' in (source_relation | string) -%}
        {{ return('(select * from ' ~ source_relation ~ ')') }}
    {%- endif -%}
    {{ return(adapter.dispatch('read_raw_lines', 'certgap')(source_relation)) }}
{%- endmacro %}

{% macro raw_folder(source_relation) -%}
    {{ return(var('raw_dir') ~ '/' ~ source_relation.identifier) }}
{%- endmacro %}

{#- True when the folder holds at least one file; at parse time, assume so. -#}
{% macro raw_folder_has_files(folder) -%}
    {% if not execute %}{{ return(true) }}{% endif %}
    {% set result = run_query("select count(*) from glob('" ~ folder ~ "/*')") %}
    {{ return(result.columns[0].values()[0] > 0) }}
{%- endmacro %}

{% macro duckdb__read_raw_lines(source_relation) -%}
    {%- set folder = raw_folder(source_relation) -%}
    {%- if raw_folder_has_files(folder) %}
    (
        select
            substr(
                replace(raw_file.filename, '\', '/'),
                length('{{ folder }}') - length('{{ source_relation.identifier }}') + 1
            ) as _source_file,
            cast(
                raw_file.line_ordinal
                - min(raw_file.line_ordinal) over (partition by raw_file.filename)
                + 1 as integer
            ) as _source_line,
            rtrim(raw_file.raw_line, chr(13)) as raw_line
        from read_csv(
            '{{ folder }}/*',
            columns = {'raw_line': 'VARCHAR'},
            header = false,
            delim = chr(31),
            quote = '',
            escape = '',
            auto_detect = false,
            filename = true,
            compression = 'auto'
        ) with ordinality as raw_file (raw_line, filename, line_ordinal)
        qualify raw_file.raw_line is not null and trim(raw_file.raw_line) <> ''
    )
    {%- else %}
    (
        select
            cast(null as varchar) as _source_file,
            cast(null as integer) as _source_line,
            cast(null as varchar) as raw_line
        where false
    )
    {%- endif %}
{%- endmacro %}
