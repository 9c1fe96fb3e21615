{#-
    File-level incremental loading of the event sources (one raw file a day).

    On DuckDB the base models of the event sources are incremental: a build
    reads only the raw files that are new, changed (size or modification
    time differ from the ones loaded), or dated within
    var('incremental_lookback_days') of the newest file (late files, Copilot
    restatements downloaded again under the same name). The rows of those
    files (and of files gone from the folder) are replaced, with the
    raw_file_replace strategy below. Each base row keeps its file's size and
    modification time (_source_file_size, _source_file_modified_epoch) to
    tell a changed file from a loaded one.

    Other engines build these models as tables, reading every file.
-#}

{% macro event_materialization() -%}
    {{ return(adapter.dispatch('event_materialization', 'certgap')()) }}
{%- endmacro %}

{% macro default__event_materialization() -%}
    {{ return('table') }}
{%- endmacro %}

{% macro duckdb__event_materialization() -%}
    {{ return('incremental') }}
{%- endmacro %}

{#-
    The raw files of a source folder this build must (re)load, sorted by
    name: dicts with path, name (_source_file), size and modified_epoch; on
    an incremental run, files gone from the folder come with path = none
    (their rows are deleted). A full build lists every file.
    `loaded_into`: see raw_files_loaded_relation.
-#}
{% macro raw_files_to_load(source_relation, loaded_into=none) -%}
    {% if not execute %}{{ return([]) }}{% endif %}
    {{ return(adapter.dispatch('raw_files_to_load', 'certgap')(
        source_relation, loaded_into
    )) }}
{%- endmacro %}

{#-
    The table an incremental build compares the raw folder with: the model's
    own (this) when is_incremental(), else none (a full build). An ephemeral
    step that reads the raw lines of an incremental model passes the model's
    name as `model_name`: its own is_incremental() is false and its `this`
    is the step, so dbt's test (the table exists, the model is incremental,
    no full refresh) is applied to that model's node instead. Both then
    list the same files: the step reads exactly the files whose rows the
    model's raw_file_replace strategy deletes.
-#}
{% macro raw_files_loaded_relation(model_name=none) -%}
    {%- if model_name is none -%}
        {{ return(this if is_incremental() else none) }}
    {%- endif -%}
    {%- set node = graph.nodes['model.' ~ project_name ~ '.' ~ model_name] -%}
    {%- set relation = adapter.get_relation(
        database=node.database, schema=node.schema, identifier=node.alias
    ) -%}
    {%- set full_refresh = node.config.full_refresh -%}
    {%- if full_refresh is none -%}
        {%- set full_refresh = flags.FULL_REFRESH -%}
    {%- endif -%}
    {%- if relation is none or relation.type != 'table'
        or node.config.materialized != 'incremental' or full_refresh -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(relation) }}
{%- endmacro %}

{% macro duckdb__raw_files_to_load(source_relation, loaded_into=none) -%}
    {%- set loaded_relation = raw_files_loaded_relation(loaded_into) -%}
    {%- set folder = raw_folder(source_relation) -%}
    {%- if not raw_folder_has_files(folder) -%}{{ return([]) }}{%- endif -%}
    {%- set name_start = folder | length - source_relation.identifier | length + 1 -%}
    {%- set lookback_days = var('incremental_lookback_days') | int -%}
    {%- set query -%}
        with listed as (
            select
                replace(filename, '\', '/') as path,
                substr(replace(filename, '\', '/'), {{ name_start }}) as name,
                size,
                cast(epoch_ms(last_modified) // 1000 as bigint) as modified_epoch,
                try_strptime(
                    regexp_extract(filename, '(\d{4}-\d{2}-\d{2})[^/\\]*$', 1),
                    '%Y-%m-%d'
                ) as file_date
            from read_blob('{{ folder }}/*')
        )
        {%- if loaded_relation is not none %},
        loaded as (
            select
                _source_file as name,
                min(_source_file_size) as size,
                min(_source_file_modified_epoch) as modified_epoch,
                count(distinct _source_file_modified_epoch) = 1
                and count(distinct _source_file_size) = 1 as is_consistent
            from {{ loaded_relation }}
            group by _source_file
        ),

        newest as (
            select max(file_date) as file_date from listed
        )

        select listed.path, listed.name, listed.size, listed.modified_epoch
        from listed
        cross join newest
        left join loaded on listed.name = loaded.name
        where
            loaded.name is null
            or not loaded.is_consistent
            or listed.size <> loaded.size
            or listed.modified_epoch <> loaded.modified_epoch
            or listed.file_date
            >= newest.file_date - interval {{ lookback_days }} day
        union all
        select null, loaded.name, null, null
        from loaded
        where loaded.name not in (select name from listed)
        {%- else %}
        select path, name, size, modified_epoch
        from listed
        {%- endif %}
        order by name
    {%- endset -%}
    {%- set files = [] -%}
    {%- for row in run_query(query).rows -%}
        {%- do files.append({
            'path': row[0], 'name': row[1],
            'size': row[2], 'modified_epoch': row[3],
        }) -%}
    {%- endfor -%}
    {{ return(files) }}
{%- endmacro %}

{#- A filter on _source_file: true for the rows of the files this build reloads. -#}
{% macro raw_file_is_reloaded(source_relation, column='_source_file') -%}
    {%- set names = [] -%}
    {%- for file in raw_files_to_load(source_relation) -%}
        {%- do names.append("'" ~ file.name | replace("'", "''") ~ "'") -%}
    {%- endfor -%}
    {%- if names -%}
        {{ column }} in ({{ names | join(', ') }})
    {%- else -%}
        false
    {%- endif -%}
{%- endmacro %}

{#-
    Incremental strategy of the event base models: delete the rows of every
    reloaded (or vanished) raw file, and every row the model recomputed (a
    row of an older file whose status a new file changed: a duplicate now,
    or voided), then insert what the model selected.
-#}
{% macro get_incremental_raw_file_replace_sql(arg_dict) -%}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set temp = arg_dict['temp_relation'] -%}
    {%- set columns = get_quoted_csv(
        arg_dict['dest_columns'] | map(attribute='name')
    ) -%}
    {%- set source_ref = model.sources[0] -%}
    delete from {{ target }}
    where
        {{ raw_file_is_reloaded(source(source_ref[0], source_ref[1])) }}
        or exists (
            select 1
            from {{ temp }} as recomputed
            where
                recomputed._source_file = {{ target }}._source_file
                and recomputed._source_line = {{ target }}._source_line
        );

    insert into {{ target }} ({{ columns }})
    select {{ columns }}
    from {{ temp }}
{%- endmacro %}

{#-
    The rows whose _row_status (record_status) this build must compute, as
    CTE `status_input` with `columns`. A full build: every row of
    `relation`. An incremental build: the rows parsed from the reloaded
    files, plus the accepted rows of older files that share a key with an
    accepted row of a reloaded file, old or new (their duplicate status may
    change). `also_affects` (an expression over one row of an affected key,
    single-column keys only) names one more key whose rows are affected, for
    xAPI voiding: a voiding statement's status decides its target's.
    Rows of older files that name a person whose erasure was requested since
    they were loaded are recomputed too, so erase_requested_records() erases
    them and the strategy replaces them: the next build erases, as a full
    build would.
-#}
{% macro rows_to_status(relation, columns, key, source_relation, also_affects=none) -%}
    {%- if is_incremental() -%}
    {%- set reloaded = raw_file_is_reloaded(source_relation) -%}
    {%- set erasing = erasure_requested() -%}
    {%- if erasing %}
    pending_erasure_identifiers as (
        select * from {{ ref('base_hris__erased_identifiers') }}
    ),
    {%- endif %}

    kept_rows as (
        select {{ columns | join(', ') }}
        from {{ this }}
        where _reject_reason is null and not ({{ reloaded }})
    ),

    directly_affected_keys as (
        select {{ key | join(', ') }}
        from {{ relation }}
        where _reject_reason is null
        union
        select {{ key | join(', ') }}
        from {{ this }}
        where _reject_reason is null and {{ reloaded }}
    ),

    {%- if also_affects %}

    affected_keys as (
        select {{ key[0] }}
        from directly_affected_keys
        union
        select {{ also_affects }}
        from (
            select {{ columns | join(', ') }}
            from {{ relation }}
            where _reject_reason is null
            union all
            select {{ columns | join(', ') }}
            from kept_rows
        ) as accepted_rows
        where
            {{ also_affects }} is not null
            and {{ key[0] }} in (select {{ key[0] }} from directly_affected_keys)
    ),
    {%- else %}

    affected_keys as (
        select * from directly_affected_keys
    ),
    {%- endif %}

    -- The kept rows sharing a key with the new ones, found on the narrow
    -- key columns first: a semi-join of the whole table on the key read
    -- every column (raw_line too) of every row, 20 s at 17 million rows.
    kept_keys as (
        select
            _source_file,
            _source_line,
            {{ key | join(', ') }}
        from {{ this }}
        where _reject_reason is null and not ({{ reloaded }})
    ),

    affected_kept_lines as (
        select
            kept_keys._source_file,
            kept_keys._source_line
        from kept_keys
        inner join affected_keys
            on
                {%- for column in key %}
                kept_keys.{{ column }} = affected_keys.{{ column }}
                {%- if not loop.last %} and{% endif %}
                {%- endfor %}
    ),

    status_input as (
        select {{ columns | join(', ') }}
        from {{ relation }}
        union all
        select kept.{{ columns | join(', kept.') }}
        from {{ this }} as kept
        inner join affected_kept_lines
            on
                kept._source_file = affected_kept_lines._source_file
                and kept._source_line = affected_kept_lines._source_line
        {%- if erasing %}
        union all
        select {{ columns | join(', ') }}
        from {{ this }} as kept
        where
            not ({{ reloaded }})
            and {{ names_erased_person(
                'kept.raw_line', 'pending_erasure_identifiers'
            ) }}
            and not exists (
                select 1
                from affected_kept_lines
                where
                    affected_kept_lines._source_file = kept._source_file
                    and affected_kept_lines._source_line = kept._source_line
            )
        {%- endif %}
    )
    {%- else -%}
    status_input as (
        select {{ columns | join(', ') }}
        from {{ relation }}
    )
    {%- endif -%}
{%- endmacro %}

{#-
    For an event base model without a duplicate check (no rows_to_status):
    CTE `<records>_and_pending_erasure` = `records`, plus, on an incremental
    build with erasure requests, the rows of older files that name a person
    whose erasure was requested after they were loaded. erase_requested_records()
    then erases them and the raw_file_replace strategy replaces them by file
    and line, as a full build would. Incremental builds run on DuckDB only,
    hence `union all by name` (the kept rows' column order is the model's).
-#}
{% macro rows_pending_erasure(records, source_relation) -%}
    {%- if is_incremental() and erasure_requested() %}
    pending_erasure_identifiers as (
        select * from {{ ref('base_hris__erased_identifiers') }}
    ),

    {{ records }}_and_pending_erasure as (
        select * from {{ records }}
        union all by name
        select * from {{ this }} as kept
        where
            not ({{ raw_file_is_reloaded(source_relation) }})
            and {{ names_erased_person(
                'kept.raw_line', 'pending_erasure_identifiers'
            ) }}
    )
    {%- else %}
    {{ records }}_and_pending_erasure as (
        select * from {{ records }}
    )
    {%- endif %}
{%- endmacro %}
{#-
    Other engines build the event models as tables (event_materialization),
    which read every file through read_raw_lines(); dbt still resolves this
    dispatch while parsing, so the variant must exist.
-#}
{% macro default__raw_files_to_load(source_relation, loaded_into=none) -%}
    {{ exceptions.raise_compiler_error(
        'raw_files_to_load: incremental raw-file loading runs on DuckDB only;'
        ~ ' on ' ~ target.type ~ ' the event models are tables.'
    ) }}
{%- endmacro %}
