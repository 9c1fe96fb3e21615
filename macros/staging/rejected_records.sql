{#-
    The whole of a source's `_rejected` model: every record its base model
    could not stage, with the file, line, raw text and reason to look at.
    Each source keeps its own `stg_<source>__<entities>_rejected` model (the
    name tests, docs and data owners use, and a per-source reject-rate gate);
    the SQL and the gate are written once, here. `base_model` is the name of
    the source's base model (every record read, with its _row_status).
-#}
{% macro rejected_records(source_name, base_model) %}
    {{ config(post_hook=view_post_hook_after_commit(
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

{#-
    A view's post-hook that runs once the view is committed, so when the hook
    fails the build (the reject-rate gate) the view is there to read the
    rejects in. An in-transaction hook's error rolls the new view back on
    DuckDB: a fresh build would stop naming a model it does not have.
-#}
{% macro view_post_hook_after_commit(hook_sql) -%}
    {{ return(adapter.dispatch('view_post_hook_after_commit', 'certgap')(hook_sql)) }}
{%- endmacro %}

{% macro default__view_post_hook_after_commit(hook_sql) -%}
    {{ return(after_commit(hook_sql)) }}
{%- endmacro %}

{#-
    Spark (and Databricks) views run only in-transaction post-hooks, so an
    after-commit gate would never run; with no transactions the view is
    kept when the hook fails anyway.
-#}
{% macro spark__view_post_hook_after_commit(hook_sql) -%}
    {{ return(in_transaction(hook_sql)) }}
{%- endmacro %}
