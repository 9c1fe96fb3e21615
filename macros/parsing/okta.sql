{#-
    JSON-lines event logs (Okta System Log), parsed in one pass.

    parse_json_event_lines(lines_cte, columns) selects every line of
    `lines_cte` (the output of read_raw_lines) as `parsed_lines` with
      raw_line, _source_file, _source_line, _source_file_size,
      _source_file_modified_epoch
      is_wellformed   the line is valid JSON
      <alias>         for each alias: JSONPath of `columns` (an ordered
                      mapping), the scalar at that path as text (null when
                      absent, JSON null, or the line is not valid JSON; an
                      object or array comes back as its JSON text)
    DuckDB reads all paths from one parse of the line.
-#}
{% macro parse_json_event_lines(lines_cte, columns) -%}
    {{ return(adapter.dispatch('parse_json_event_lines', 'certgap')(
        lines_cte, columns
    )) }}
{%- endmacro %}

{% macro default__parse_json_event_lines(lines_cte, columns) -%}
    parsed_lines as (
        select
            raw_lines._source_file,
            raw_lines._source_line,
            raw_lines._source_file_size,
            raw_lines._source_file_modified_epoch,
            raw_lines.raw_line,
            {{ json_is_valid('raw_lines.raw_line') }} as is_wellformed,
            {%- for alias, path in columns.items() %}
            case
                when {{ json_is_valid('raw_lines.raw_line') }}
                    then {{ json_text('raw_lines.raw_line', path) }}
            end as {{ alias }}{{ ',' if not loop.last }}
            {%- endfor %}
        from {{ lines_cte }} as raw_lines
    )
{%- endmacro %}

{% macro duckdb__parse_json_event_lines(lines_cte, columns) -%}
    json_values as (
        select
            raw_lines._source_file,
            raw_lines._source_line,
            raw_lines._source_file_size,
            raw_lines._source_file_modified_epoch,
            raw_lines.raw_line,
            -- null when the line is not valid JSON (the only error here)
            try(json_extract_string(raw_lines.raw_line, [
                {%- for path in columns.values() %}
                '{{ path }}'{{ ',' if not loop.last }}
                {%- endfor %}
            ])) as json_texts
        from {{ lines_cte }} as raw_lines
    ),

    parsed_lines as (
        select
            _source_file,
            _source_line,
            _source_file_size,
            _source_file_modified_epoch,
            raw_line,
            json_texts is not null as is_wellformed,
            {%- for alias in columns %}
            json_texts[{{ loop.index }}] as {{ alias }}
            {{- ',' if not loop.last }}
            {%- endfor %}
        from json_values
    )
{%- endmacro %}

{#-
    json_array_find_text(expr, array_key, match_field, match_value, field,
    element_fields): in the JSON object `expr`, the array at top-level key
    `array_key`; of its first element whose `match_field` equals
    `match_value`, `field` as text. Null when there is none or `array_key` is
    not an array of objects. (Okta: the displayName of the `AppInstance`
    element of target[].) Several fields of one element: pass each call the
    same `element_fields` (all of them), so that the engine parses the JSON
    once for all (one common subexpression; three parses took 14.4 s, one
    4.1 s, for the 1.7 million Okta lines at 10,000 people).
-#}
{% macro json_array_find_text(
    expr, array_key, match_field, match_value, field, element_fields=none
) -%}
    {{ return(adapter.dispatch('json_array_find_text', 'certgap')(
        expr, array_key, match_field, match_value, field,
        element_fields or [field]
    )) }}
{%- endmacro %}

{% macro duckdb__json_array_find_text(
    expr, array_key, match_field, match_value, field, element_fields
) -%}
    {%- set read = [match_field] -%}
    {%- for name in element_fields if name not in read -%}
        {%- do read.append(name) -%}
    {%- endfor -%}
    {%- set element -%}
        {%- for name in read -%}
            "{{ name }}": "VARCHAR"{{ ', ' if not loop.last }}
        {%- endfor -%}
    {%- endset %}
    struct_extract(
        list_filter(
            struct_extract(
                json_transform(
                    {{ expr }},
                    '{"{{ array_key }}": [{ {{- element -}} }]}'
                ),
                '{{ array_key }}'
            ),
            lambda element: struct_extract(element, '{{ match_field }}')
            = '{{ match_value }}'
        )[1],
        '{{ field }}'
    )
{%- endmacro %}

{#-
    Spark 4: the array as variants, filtered with a lambda, the first match
    taken with try_element_at (null, not an error, when none matches, also
    with ANSI mode on). As in DuckDB's json_transform, a field that is not a
    string is read as text and an `array_key` that is not an array gives
    null; unlike DuckDB, an object-valued `field` comes back with its keys
    sorted (a variant's order).
-#}
{% macro spark__json_array_find_text(
    expr, array_key, match_field, match_value, field, element_fields
) -%}
    try_variant_get(
        try_element_at(
            filter(
                try_variant_get(
                    try_parse_json({{ expr }}), '$.{{ array_key }}', 'array<variant>'
                ),
                element -> try_variant_get(element, '$.{{ match_field }}', 'string')
                = '{{ match_value }}'
            ),
            1
        ),
        '$.{{ field }}',
        'string'
    )
{%- endmacro %}

{#-
    Okta app -> AI tool (the ai_tools seed). Okta names an app instance three
    ways: its id (0oa...), its alternateId (the label an admin gave it) and
    its displayName (the catalog app's name; every custom OIDC app is
    "OpenID Connect Client", so only its label tells them apart).

    okta_app_matches(events, ai_tools) selects every row of `events` (with
    app_id, app_alternate_id, app_display_name) as CTE `app_matches`, plus
      tool_id           the one tool whose okta_app_id is the app's id, or
                        whose okta_app_label is its alternateId, or whose
                        okta_app_name is its displayName (ids exact; labels
                        and names trimmed, case-insensitive)
      is_app_ambiguous  two tools match the app: tool_id is then null (never
                        a guess), and the event stays out of scope
-#}
{% macro okta_app_matches(events, ai_tools) -%}
    okta_app_keys as (
        select
            'id' as app_field,
            trim(okta_app_id) as app_key,
            tool_id
        from {{ ai_tools }}
        where trim(okta_app_id) <> ''
        union all
        select
            'alternateId' as app_field,
            lower(trim(okta_app_label)) as app_key,
            tool_id
        from {{ ai_tools }}
        where trim(okta_app_label) <> ''
        union all
        select
            'displayName' as app_field,
            lower(trim(okta_app_name)) as app_key,
            tool_id
        from {{ ai_tools }}
        where trim(okta_app_name) <> ''
    ),

    okta_app_key_tools as (
        select
            app_field,
            app_key,
            min(tool_id) as tool_id,
            count(distinct tool_id) as tool_count
        from okta_app_keys
        group by app_field, app_key
    ),

    app_candidates as (
        select
            events.*,
            coalesce(by_id.tool_id, by_label.tool_id, by_name.tool_id)
                as candidate_tool_id,
            coalesce(by_id.tool_count > 1, false)
            or coalesce(by_label.tool_count > 1, false)
            or coalesce(by_name.tool_count > 1, false)
            or coalesce(by_id.tool_id <> by_label.tool_id, false)
            or coalesce(by_id.tool_id <> by_name.tool_id, false)
            or coalesce(by_label.tool_id <> by_name.tool_id, false)
                as is_app_ambiguous
        from {{ events }} as events
        left join okta_app_key_tools as by_id
            on
                by_id.app_field = 'id'
                and trim(events.app_id) = by_id.app_key
        left join okta_app_key_tools as by_label
            on
                by_label.app_field = 'alternateId'
                and lower(trim(events.app_alternate_id)) = by_label.app_key
        left join okta_app_key_tools as by_name
            on
                by_name.app_field = 'displayName'
                and lower(trim(events.app_display_name)) = by_name.app_key
    ),

    app_matches as (
        select
            *,
            case
                when not is_app_ambiguous then candidate_tool_id
            end as tool_id
        from app_candidates
    )
{%- endmacro %}
