{#-
    Raw files loaded with dbt's own microbatch strategy (issue #16; the seat
    lists first). A file's event time is its date: the first YYYY-MM-DD in
    its name (github_copilot__seats_2026-03-01_p01.json). A batch reads only
    the files dated inside it, listed when the batch compiles, so a build
    re-reads the files of the window (late ones and restated ones included)
    and nothing else. What changed for a day outside the window is named by
    the raw_files_loaded test, with the command that loads it.
-#}

{#-
    The files of a source folder as dicts: path, name (as _source_file),
    size, modified_epoch and file_date (var raw_files_begin when the name
    holds no date: see raw_file_date). Metadata only: no file is read.
-#}
{% macro raw_files_listed(source_relation) -%}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {%- set folder = raw_folder(source_relation) -%}
    {%- if target.type == 'spark' -%}
        {%- set folder = spark_absolute_path(folder) -%}
    {%- endif -%}
    {%- if not raw_folder_has_files(folder) -%}{{ return([]) }}{%- endif -%}
    {%- set rows = run_query(adapter.dispatch(
        'raw_file_listing_sql', 'certgap'
    )(folder)).rows -%}
    {%- set files = [] -%}
    {%- for row in rows | sort(attribute='1') -%}
        {%- do files.append({
            'path': row[0],
            'name': source_relation.identifier ~ '/' ~ row[1],
            'size': row[2],
            'modified_epoch': row[3],
            'file_date': raw_file_name_date(row[1]),
        }) -%}
    {%- endfor -%}
    {{ return(files) }}
{%- endmacro %}

{#-
    The first YYYY-MM-DD in a file name, when it is a day of the calendar;
    else (no such text, or 2026-02-30) var raw_files_begin. The same date as
    raw_file_date gives the file's rows in SQL, so a batch that reads a file
    also keeps its rows (a batch inserts only the rows dated inside it).
-#}
{% macro raw_file_name_date(name) -%}
    {%- set found = modules.re.search('(\\d{4})-(\\d{2})-(\\d{2})', name) -%}
    {%- if found -%}
        {%- set month = found.group(2) | int -%}
        {%- set day = found.group(3) | int -%}
        {%- if 1 <= month <= 12 and 1 <= day <= 31 -%}
            {%- set first = modules.datetime.date(found.group(1) | int, month, 1) -%}
            {%- if (first + modules.datetime.timedelta(days=day - 1)).month == month -%}
                {{ return(found.group(0)) }}
            {%- endif -%}
        {%- endif -%}
    {%- endif -%}
    {{ return(var('raw_files_begin')) }}
{%- endmacro %}

{#- path, bare file name, size, modification time (epoch seconds). -#}
{% macro duckdb__raw_file_listing_sql(folder) -%}
    select
        replace(filename, '\', '/') as path,
        regexp_extract(replace(filename, '\', '/'), '[^/]*$') as name,
        size,
        cast(epoch_ms(last_modified) // 1000 as bigint) as modified_epoch
    from read_blob('{{ folder }}/*')
{%- endmacro %}

{#- binaryFile lists the files; their content is not selected, so not read. -#}
{% macro spark__raw_file_listing_sql(folder) -%}
    select
        path,
        url_decode(
            replace(regexp_extract(path, '[^/]*$', 0), '+', '%2B')
        ) as name,
        length as size,
        unix_seconds(modificationTime) as modified_epoch
    from binaryFile.`{{ folder }}`
{%- endmacro %}

{#-
    The files of the batch being built (all dated files outside a
    microbatch run, e.g. in a unit test's parse): file_date in
    [event_time_start, event_time_end).
-#}
{% macro raw_files_in_batch(source_relation) -%}
    {%- set files = [] -%}
    {%- set batch = model.get('batch') if model is defined else none -%}
    {%- for file in raw_files_listed(source_relation) -%}
        {%- if file.file_date is not none and (
            batch is none or (
                file.file_date >= (batch.event_time_start | string)[:10]
                and file.file_date < (batch.event_time_end | string)[:10]
            )
        ) -%}
            {%- do files.append(file) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(files) }}
{%- endmacro %}

{#-
    The config of a parse model loaded with dbt's microbatch on the file date
    (above), in one place for every such model:
    `{{ config(**raw_files_microbatch('okta', 'system_log_events')) }}`.
    On Spark its table is partitioned by day (drop_days_without_raw_files).
-#}
{% macro raw_files_microbatch(source_name, table_name) -%}
    {%- set source_call = "source('" ~ source_name ~ "', '" ~ table_name ~ "')" -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'microbatch',
        'event_time': 'file_date',
        'begin': var('raw_files_begin'),
        'batch_size': var('raw_files_batch_size'),
        'lookback': var('raw_files_batch_lookback'),
        'partition_by': ['file_date'] if target.type == 'spark' else none,
        'post_hook': '{{ drop_days_without_raw_files('
            ~ source_call ~ ", 'file_date') }}",
    }) }}
{%- endmacro %}

{#-
    The date of a raw file, from `name_column` (SQL), as a date. A name
    without one (a hand-made LRS export, statements_cmi5.jsonl) is dated
    var raw_files_begin: such a file is loaded by every full build (and
    `make backfill SINCE=<raw_files_begin>`), never re-read by an
    incremental one, and a change to it is named by raw_files_loaded.
-#}
{% macro raw_file_date(name_column) -%}
    {{ return(
        'coalesce(' ~ adapter.dispatch('raw_file_date', 'certgap')(name_column)
        ~ ", cast('" ~ var('raw_files_begin') ~ "' as date))"
    ) }}
{%- endmacro %}

{% macro duckdb__raw_file_date(name_column) -%}
    try_cast(regexp_extract(
        {{ name_column }}, '(\d{4}-\d{2}-\d{2})[^/]*$', 1
    ) as date)
{%- endmacro %}

{% macro spark__raw_file_date(name_column) -%}
    try_to_date(regexp_extract(
        {{ name_column }}, '(\\d{4}-\\d{2}-\\d{2})[^/]*$', 1
    ))
{%- endmacro %}

{#-
    Post-hook of a microbatch model partitioned by `date_column` on Spark:
    insert overwrite replaces only the partitions a batch writes, so a day
    whose every file was removed keeps its rows. Such days are dropped
    here, after the last batch, as a full build would not hold them.
    DuckDB's microbatch deletes each batch window first; a file removed for
    an older day is named by the raw_files_loaded test.
-#}
{% macro drop_days_without_raw_files(source_relation, date_column) -%}
    {%- if execute and target.type == 'spark' and model.get('batch') -%}
        {%- set listed = [] -%}
        {%- for file in raw_files_listed(source_relation) -%}
            {%- do listed.append(file.file_date) -%}
        {%- endfor -%}
        {%- set loaded = run_query(
            'select distinct cast(' ~ date_column ~ ' as string) from ' ~ this
        ).columns[0].values() -%}
        {%- for day in loaded if day not in listed -%}
            {%- do run_query(
                'alter table ' ~ this ~ ' drop if exists partition ('
                ~ date_column ~ " = '" ~ day ~ "')"
            ) -%}
        {%- endfor -%}
    {%- endif -%}
    select 1
{%- endmacro %}

{#-
    One row per file of `files` (raw_files_in_batch), shaped as the lines
    of read_raw_lines with _source_line -1 and no raw_line: a microbatch
    parse model's record of the file itself, so that a file without a line
    (an empty day's export) still counts as loaded (raw_files_loaded). From
    the listing rather than the lines, which an empty file has none of. In
    a unit test, none: the fixture's lines are the whole input.
-#}
{% macro raw_file_records(files) -%}
    {%- set is_unit_test = model is defined
        and model.resource_type == 'unit_test' -%}
    (
        {%- for file in ([] if is_unit_test else files) %}
        select
            '{{ file.name | replace("'", "''") }}' as _source_file,
            -1 as _source_line,
            cast(null as {{ dbt.type_string() }}) as raw_line,
            cast({{ file.size }} as {{ dbt.type_bigint() }})
                as _source_file_size,
            cast({{ file.modified_epoch }} as {{ dbt.type_bigint() }})
                as _source_file_modified_epoch
        union all
        {%- endfor %}
        select
            cast(null as {{ dbt.type_string() }}) as _source_file,
            cast(null as {{ dbt.type_int() }}) as _source_line,
            cast(null as {{ dbt.type_string() }}) as raw_line,
            cast(null as {{ dbt.type_bigint() }}) as _source_file_size,
            cast(null as {{ dbt.type_bigint() }}) as _source_file_modified_epoch
        where false
    )
{%- endmacro %}
