{#-
    Every raw file of a source folder, as text lines with their provenance.

    The source's identifier is the folder name under var('raw_dir'); every file
    in it is read, plain or gzip. Lines are read as text and parsed later, so a
    malformed line becomes a rejected row instead of an error or a silent skip.

    Columns: _source_file (path relative to raw_dir), _source_line (1-based
    physical line number; the header of a CSV is line 1), raw_line, and the
    file's _source_file_size (bytes) and _source_file_modified_epoch
    (seconds), which the raw_files_loaded check compares to find changed files.
    Blank lines are not records and are left out here.

    `json_pages` (for a folder that mixes CSV downloads and JSON API pages):
    none reads every file; true only the JSON pages (a name ending in .json
    or .json.gz); false every other file. Each file is read once either way.

    `files`: read only these (raw_files_in_batch: one microbatch's files).
-#}
{% macro read_raw_lines(
    source_relation, materialized=true, json_pages=none, files=none
) -%}
    {#- In a dbt unit test, source() is a fixture CTE of given raw lines. -#}
    {%- if '__dbt__cte__' in (source_relation | string) -%}
        {{ return(
            '(select *, cast(null as ' ~ dbt.type_bigint() ~ ') as _source_file_size, '
            ~ 'cast(null as ' ~ dbt.type_bigint() ~ ') as _source_file_modified_epoch '
            ~ 'from ' ~ source_relation ~ ' where '
            ~ json_page_file_filter('_source_file', json_pages) ~ ')'
        ) }}
    {%- endif -%}
    {{ return(adapter.dispatch('read_raw_lines', 'certgap')(
        source_relation, materialized, json_pages, files
    )) }}
{%- endmacro %}

{#- Is the raw file `name` selected by `json_pages` (see read_raw_lines)? -#}
{% macro raw_file_is_selected(name, json_pages) -%}
    {%- if json_pages is none -%}{{ return(true) }}{%- endif -%}
    {%- set lowered = name | lower -%}
    {%- set is_page = lowered.endswith('.json') or lowered.endswith('.json.gz') -%}
    {{ return(is_page == json_pages) }}
{%- endmacro %}

{#- The same choice as SQL over a file-name column. -#}
{% macro json_page_file_filter(column, json_pages) -%}
    {%- set is_page = "(lower(" ~ column ~ ") like '%.json' or lower("
        ~ column ~ ") like '%.json.gz')" -%}
    {%- if json_pages is none -%}true
    {%- elif json_pages -%}{{ is_page }}
    {%- else -%}not {{ is_page }}
    {%- endif -%}
{%- endmacro %}

{% macro raw_folder(source_relation) -%}
    {{ return(var('raw_dir') ~ '/' ~ source_relation.identifier) }}
{%- endmacro %}

{#- True when the folder holds at least one file; at parse time, assume so. -#}
{% macro raw_folder_has_files(folder) -%}
    {% if not execute %}{{ return(true) }}{% endif %}
    {{ return(adapter.dispatch('raw_folder_has_files', 'certgap')(folder)) }}
{%- endmacro %}

{% macro duckdb__raw_folder_has_files(folder) -%}
    {% set result = run_query("select count(*) from glob('" ~ folder ~ "/*')") %}
    {{ return(result.columns[0].values()[0] > 0) }}
{%- endmacro %}

{#-
    One read_csv per file, glued with union all: the line number is the
    file's own ordinal, with no join back to each file's first line (which
    forced every line of the folder to be held for a second pass). Only
    `files` are read (a microbatch's), else every file of the folder.
    `materialized`: the lines go through a materialized CTE, which spills to
    disk. Needed when a window (record_status) consumes them: fed straight
    by a year of per-file readers, DuckDB's window reserves memory it cannot
    spill (out of memory at 1 GB for Okta at 10,000 people, where the CTE
    runs in 1 GB). A model without a window (proxy) passes false and streams.
-#}
{% macro duckdb__read_raw_lines(
    source_relation, materialized=true, json_pages=none, files=none
) -%}
    {%- set selected = [] -%}
    {%- for file in (
        files if files is not none
        else raw_files_listed(source_relation)
    ) -%}
        {%- if file.path is not none
            and raw_file_is_selected(file.name, json_pages) -%}
            {% do selected.append(file) %}
        {%- endif -%}
    {%- endfor -%}
    {{ return(duckdb_raw_file_lines(selected, materialized)) }}
{%- endmacro %}

{#- The lines of `files` (dicts of raw_files_listed), as read_raw_lines. -#}
{% macro duckdb_raw_file_lines(files, materialized=true) -%}
    {%- if files %}
    (
        {%- if materialized %}
        with file_lines as materialized (
        {%- endif %}
        {%- for file in files %}
        select
            '{{ file.name | replace("'", "''") }}' as _source_file,
            cast(line_ordinal as integer) as _source_line,
            {#- only a line that ends in a carriage return is rtrimmed -#}
            case
                when suffix(raw_line, chr(13)) then rtrim(raw_line, chr(13))
                else raw_line
            end as raw_line,
            cast({{ file.size }} as bigint) as _source_file_size,
            cast({{ file.modified_epoch }} as bigint)
                as _source_file_modified_epoch
        from read_csv(
            '{{ file.path | replace("'", "''") }}',
            columns = {'raw_line': 'VARCHAR'},
            header = false,
            delim = chr(31),
            quote = '',
            escape = '',
            auto_detect = false,
            compression = 'auto',
            {#- 1 MiB buffers, not 32: a query holds one for each file #}
            buffer_size = 1048576,
            max_line_size = 1048576
        ) with ordinality as raw_file_{{ loop.index }} (raw_line, line_ordinal)
        {#- blank lines are found with ltrim (= trim here, and cheaper) #}
        where raw_line is not null and ltrim(raw_line) <> ''
        {%- if not loop.last %}
        union all
        {%- endif %}
        {%- endfor %}
        {%- if materialized %}
        )

        select * from file_lines
        {%- endif %}
    )
    {%- else %}
    (
        select
            cast(null as varchar) as _source_file,
            cast(null as integer) as _source_line,
            cast(null as varchar) as raw_line,
            cast(null as bigint) as _source_file_size,
            cast(null as bigint) as _source_file_modified_epoch
        where false
    )
    {%- endif %}
{%- endmacro %}

{#-
    The header line (line 1) of each file read_raw_lines() reads, as
    (_source_file, raw_line): CSV parsers take their column names from it
    without a second reader of all lines. DuckDB reads only the start of
    each file, with a small buffer (256 KiB, the longest header it takes),
    in a query of its own: the headers come back as literals. (Inside the
    model's query, a year of per-file header readers kept memory that the
    rest of the query could not spill: out of memory at 10,000 people.)
    Elsewhere it is the line-1 rows of read_raw_lines().
    `files`: only these files' headers (raw_files_in_batch), as read_raw_lines.
-#}
{% macro read_raw_header_lines(source_relation, json_pages=none, files=none) -%}
    {%- if '__dbt__cte__' in (source_relation | string) or target.type != 'duckdb' -%}
        {{ return(
            '(select _source_file, raw_line from '
            ~ read_raw_lines(source_relation, json_pages=json_pages, files=files)
            ~ ' as raw_lines where _source_line = 1)'
        ) }}
    {%- endif -%}
    {{ return(duckdb_read_raw_header_lines(source_relation, json_pages, files)) }}
{%- endmacro %}

{% macro duckdb_read_raw_header_lines(
    source_relation, json_pages=none, files=none
) -%}
    {%- set selected = [] -%}
    {%- for file in (
        files if files is not none else raw_files_listed(source_relation)
    ) -%}
        {%- if file.path is not none
            and raw_file_is_selected(file.name, json_pages) -%}
            {% do selected.append(file) %}
        {%- endif -%}
    {%- endfor -%}
    {%- set query -%}
        {%- for file in selected %}
        select
            '{{ file.name | replace("'", "''") }}' as _source_file,
            case
                when suffix(raw_line, chr(13)) then rtrim(raw_line, chr(13))
                else raw_line
            end as raw_line
        from (
            select raw_line
            from read_csv(
                '{{ file.path | replace("'", "''") }}',
                columns = {'raw_line': 'VARCHAR'},
                header = false,
                delim = chr(31),
                quote = '',
                escape = '',
                auto_detect = false,
                compression = 'auto',
                buffer_size = 262144,
                max_line_size = 262144
            )
            limit 1
        ) as first_line_{{ loop.index }}
        where raw_line is not null and ltrim(raw_line) <> ''
        union all
        {%- endfor %}
        select null, null where false
    {%- endset -%}
    {%- set headers = run_query(query).rows if selected else [] -%}
    (
        {%- for header in headers %}
        select
            '{{ header[0] | replace("'", "''") }}' as _source_file,
            '{{ header[1] | replace("'", "''") }}' as raw_line
        union all
        {%- endfor %}
        select
            cast(null as varchar) as _source_file,
            cast(null as varchar) as raw_line
        where false
    )
{%- endmacro %}

{#-
    Spark (and Databricks, which falls back to spark__): the folder is read
    with the line-based `text` source, which decompresses .gz by extension
    and splits large plain files into several partitions. A line's number is
    its rank within its file by (split start offset, row id): a split is
    read in order inside one task, and monotonically_increasing_id() grows
    within a task, so the rank is the physical line number however the file
    was split. The view holds no catalog object and no reader options, so it
    works the same on Spark 3.5+, Spark 4 and Databricks.

    Differences from DuckDB's reader, all harmless for well-formed exports:
    Hadoop also ends a line at a lone carriage return (DuckDB's reader fails
    the whole build there); a UTF-8 byte-order mark at the start of a file is
    removed, as DuckDB does; file names starting with '_' or '.' are hidden
    files to Spark and are not read.
-#}
{% macro spark__read_raw_lines(
    source_relation, materialized=true, json_pages=none, files=none
) -%}
    {%- set folder = spark_absolute_path(raw_folder(source_relation)) -%}
    {%- if files is not none -%}
        {#- the glob names only the files `json_pages` selects -#}
        {%- set selected = [] -%}
        {%- for file in files if raw_file_is_selected(file.name, json_pages) -%}
            {%- do selected.append(file) -%}
        {%- endfor -%}
        {%- set files = selected -%}
    {%- endif -%}
    {%- set has_files = raw_folder_has_files(folder) if files is none
        else files | length > 0 -%}
    {%- if files -%}
        {#- a Hadoop glob naming the files: folder/{a.json,b.json} -#}
        {%- set folder = folder ~ '/{' ~ files | map(attribute='name')
            | map('replace', source_relation.identifier ~ '/', '')
            | join(',') ~ '}' -%}
    {%- endif -%}
    {%- if has_files %}
    (
        select
            raw_lines._source_file,
            raw_lines._source_line,
            raw_lines.raw_line,
            raw_lines._source_file_size,
            raw_lines._source_file_modified_epoch
        from (
            select
                numbered_lines._source_file,
                numbered_lines._source_line,
                numbered_lines._source_file_size,
                numbered_lines._source_file_modified_epoch,
                case
                    when numbered_lines._source_line = 1
                        then regexp_replace(
                            numbered_lines.raw_line, '^\\uFEFF', ''
                        )
                    else numbered_lines.raw_line
                end as raw_line
            from (
                select
                    concat(
                        '{{ source_relation.identifier }}/',
                        url_decode(replace(raw_file.file_name, '+', '%2B'))
                    ) as _source_file,
                    row_number() over (
                        partition by raw_file.file_path
                        order by raw_file.file_block_start, raw_file.line_id
                    ) as _source_line,
                    raw_file.raw_line,
                    raw_file._source_file_size,
                    raw_file._source_file_modified_epoch
                from (
                    select
                        _metadata.file_path as file_path,
                        _metadata.file_name as file_name,
                        _metadata.file_block_start as file_block_start,
                        _metadata.file_size as _source_file_size,
                        unix_seconds(_metadata.file_modification_time)
                            as _source_file_modified_epoch,
                        monotonically_increasing_id() as line_id,
                        value as raw_line
                    from text.`{{ folder }}`
                ) as raw_file
            ) as numbered_lines
        ) as raw_lines
        where
            {{ trim_spaces('raw_lines.raw_line') }} <> ''
            and {{ json_page_file_filter('raw_lines._source_file', json_pages) }}
    )
    {%- else %}
    (
        select
            cast(null as string) as _source_file,
            cast(null as int) as _source_line,
            cast(null as string) as raw_line,
            cast(null as bigint) as _source_file_size,
            cast(null as bigint) as _source_file_modified_epoch
        where false
    )
    {%- endif %}
{%- endmacro %}

{#-
    A missing folder is an error to Spark's file sources, an empty one is
    not; so the folder's parent is listed (file names only, no content) and
    the files directly inside the folder are counted.
-#}
{% macro spark__raw_folder_has_files(folder) -%}
    {%- set parent = folder.rstrip('/').rsplit('/', 1)[0] -%}
    {%- set name = folder.rstrip('/').rsplit('/', 1)[1] -%}
    {% set result = run_query(
        "select count(*) from binaryFile.`" ~ parent ~ "/*` "
        ~ "where _metadata.file_path rlike '/" ~ name ~ "/[^/]+$'"
    ) %}
    {{ return(result.columns[0].values()[0] > 0) }}
{%- endmacro %}

{#-
    Spark resolves a relative path against the working directory of the JVM
    that runs the query. A view stores its SQL text, so a relative raw_dir is
    made absolute once, here, against the driver's working directory (the
    directory dbt runs in, for the session method). Paths with a scheme
    (s3a://, abfss://, dbfs:/, file:/) and absolute paths are kept as given;
    on a cluster, CERTGAP_RAW_DIR must be one of those.
-#}
{% macro spark_absolute_path(path) -%}
    {%- if path.startswith('/') or modules.re.match('^[A-Za-z][A-Za-z0-9+.-]*:', path) -%}
        {{ return(path) }}
    {%- endif -%}
    {%- if not execute -%}{{ return(path) }}{%- endif -%}
    {%- set cwd = run_query(
        "select reflect('java.lang.System', 'getProperty', 'user.dir')"
    ).columns[0].values()[0] -%}
    {%- set relative = path[2:] if path.startswith('./') else path -%}
    {{ return(cwd.rstrip('/') ~ '/' ~ relative) }}
{%- endmacro %}
