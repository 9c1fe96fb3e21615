-- The lines of the AI tool console exports (one CSV a day), parsed: one
-- row per data line, its fields read by header name and typed, and one
-- row, _source_line -1, for each file read (so that an empty or
-- header-only file still counts as loaded: test raw_files_loaded).
-- Validation, tool names, duplicates and erasure are
-- base_ai_activity__daily_usage's, rebuilt whole on every build.
--
-- Parsing depends on nothing but the file, so it is loaded with dbt's
-- microbatch strategy on the file's date (file_date, from its name), each
-- batch reading only its own files (raw_files_in_batch). Batches are
-- months, as for the seat lists (the shared raw_files_batch_* vars): at
-- a day a batch, a full build is ~270 batches, each ~1 s of overhead on
-- Spark and a folder listing on both engines; a month batch re-reads at
-- most a month of small daily files, a fraction of a second.
{{ config(**raw_files_microbatch('ai_activity', 'daily_usage')) }}

{%- set exports = source('ai_activity', 'daily_usage') %}
{%- set files = raw_files_in_batch(exports) %}

with

raw_lines as (
    select * from {{ read_raw_lines(exports, files=files) }}
),

raw_header_lines as (
    select * from {{ read_raw_header_lines(exports, files=files) }}
),

{{ parse_delimited_lines('raw_lines', header_lines='raw_header_lines') }},

field_texts as (
    select
        parsed_lines._source_file,
        parsed_lines._source_line,
        parsed_lines._source_file_size,
        parsed_lines._source_file_modified_epoch,
        parsed_lines.raw_line,
        parsed_lines.is_wellformed,
        {{ csv_field('Date') }} as activity_date_text,
        {{ csv_field('Tool') }} as tool_name,
        {{ csv_field('User') }} as user_name,
        {{ csv_field('Interactions') }} as interactions_text
    from parsed_lines
),

typed as (
    select
        field_texts.*,
        {{ iso_date('field_texts.activity_date_text') }} as activity_date,
        lower(field_texts.tool_name) as tool_name_normalized,
        lower(field_texts.user_name) as user_name_normalized,
        -- A whole number: no decimal point (a cast would round 3.5 to 4).
        case
            when not contains(field_texts.interactions_text, '.')
                then try_cast(field_texts.interactions_text as bigint)
        end as interaction_count
    from field_texts
),

files_read as (
    select * from {{ raw_file_records(files) }}
),

-- The union takes its column types from typed, the first branch.
lines_and_files as (
    select * from typed
    union all
    select
        _source_file,
        -1 as _source_line,
        _source_file_size,
        _source_file_modified_epoch,
        null as raw_line,
        false as is_wellformed,
        null as activity_date_text,
        null as tool_name,
        null as user_name,
        null as interactions_text,
        null as activity_date,
        null as tool_name_normalized,
        null as user_name_normalized,
        null as interaction_count
    from files_read
),

final as (
    select
        *,
        {{ raw_file_date('_source_file') }} as file_date
    from lines_and_files
)

select * from final
