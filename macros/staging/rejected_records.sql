{#-
    The whole of a source's `_rejected` model: every record its base model
    could not stage, with the file, line, raw text and reason to look at.
    Each source keeps its own `stg_<source>__<entities>_rejected` model (the
    name tests, docs and data owners use, and a per-source reject-rate gate);
    the SQL and the gate are written once, here. `base_model` is the name of
    the source's base model (every record read, with its _row_status).
-#}
{% macro rejected_records(source_name, base_model) %}
    {#- After the commit: the rejects stay readable when the gate fails. -#}
    {{ config(post_hook=after_commit(
        "{{ check_reject_rate('" ~ source_name ~ "', ref('"
        ~ base_model ~ "')) }}"
    )) }}

    with

    parsed as (
        select * from {{ ref(base_model) }}
    ),

    final as (
        select
            _source_file,
            _source_line,
            raw_line as _raw_text,
            _reject_reason
        from parsed
        where _row_status = 'rejected'
    )

    select * from final
{% endmacro %}
