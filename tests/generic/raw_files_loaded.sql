{#-
    Every raw file of `raw` (a source folder) is loaded into `model` (a
    microbatch raw-file model, one row per file at `_source_line` -1) as it
    is now: same size, same modification time. A build re-reads the files
    of its window, so after it, whatever this lists arrived, changed or
    vanished for a day the build did not cover (a name without a date is
    dated var raw_files_begin, raw_file_date): one row per file, with the command that loads it. The same list
    is logged as a warning, so the build's output names the files.

    Severity: var('raw_files_check_severity'), warn unless a company makes
    it error (dbt_project.yml).
-#}
{% test raw_files_loaded(model, raw) %}
{{ config(severity=var('raw_files_check_severity', 'warn')) }}

{%- set folder = raw_folder(raw) -%}
{%- if target.type == 'spark' -%}
    {%- set folder = spark_absolute_path(folder) -%}
{%- endif -%}
{%- set query -%}
with

listed as (
    {%- if raw_folder_has_files(folder) %}
    select
        '{{ raw.identifier }}/' || name as _source_file,
        size,
        modified_epoch,
        {{ raw_file_date('name') }} as file_date
    from ({{ adapter.dispatch('raw_file_listing_sql', 'certgap')(folder) }})
        as raw_files
    {%- else %}
    select
        cast(null as {{ dbt.type_string() }}) as _source_file,
        cast(null as {{ dbt.type_bigint() }}) as size,
        cast(null as {{ dbt.type_bigint() }}) as modified_epoch,
        cast(null as date) as file_date
    where false
    {%- endif %}
),

loaded as (
    select
        _source_file,
        _source_file_size as size,
        _source_file_modified_epoch as modified_epoch,
        file_date
    from {{ model }}
    where _source_line = -1
),

compared as (
    select
        coalesce(listed._source_file, loaded._source_file) as _source_file,
        coalesce(listed.file_date, loaded.file_date) as file_date,
        case
            when listed._source_file is null then 'vanished'
            when loaded._source_file is null then 'arrived'
            else 'changed'
        end as change
    from listed
    full outer join loaded on listed._source_file = loaded._source_file
    where
        listed._source_file is null
        or loaded._source_file is null
        or listed.size <> loaded.size
        or listed.modified_epoch <> loaded.modified_epoch
),

final as (
    select
        _source_file,
        file_date,
        change,
        'make backfill SINCE='
        || cast(min(file_date) over () as {{ dbt.type_string() }}) as fix
    from compared
)

select * from final
{%- endset -%}

{#- Logged only once the table exists (`dbt compile` on an empty database). -#}
{%- if execute and load_relation(model) is not none -%}
    {%- set rows = run_query(query).rows -%}
    {%- if rows -%}
        {%- set files = [] -%}
        {%- for row in rows | sort(attribute='0') -%}
            {%- do files.append(row[0] ~ ' (' ~ row[2] ~ ')') -%}
        {%- endfor -%}
        {%- do exceptions.warn(
            model.identifier ~ ': ' ~ rows | length ~ ' raw file(s) not as loaded'
            ~ ', for days outside the window this build read: '
            ~ files | join(', ') ~ '. Load them with: ' ~ rows[0][3]
        ) -%}
    {%- endif -%}
{%- endif %}

{{ query }}

{% endtest %}
