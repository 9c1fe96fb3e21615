{#-
    On an incremental build, a data test checks the rows the build changed
    (issue #16): dbt's test `where` config, set by the build's window.

    dbt wraps the model a generic test is attached to in get_where_subquery;
    this is dbt's default__ version (a test's own `where` wins) plus one rule:
    when the build was given --event-time-start without --full-refresh (what
    `certgap publish` passes for an incremental build or a backfill), a
    row-level test of a model configured with an `event_time` reads only the
    rows dated from 31 days before that day on: every week or month the
    window touches, for models of a weekly or monthly grain. A full build,
    and a plain `dbt build`, test every row. Tests that compare a model with
    another relation (reconciles_with_raw, raw_files_loaded) always read all
    of it: half of a comparison would not add up.
-#}
{% macro default__get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') or changed_rows_where() -%}
    {%- if where -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') dbt_subquery') -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}

{% macro changed_rows_where() -%}
    {%- set row_level_tests = [
        'not_null', 'unique', 'accepted_values', 'relationships',
        'unique_combination', 'expression_holds', 'is_rate',
    ] -%}
    {%- set start = invocation_args_dict.get('event_time_start') -%}
    {%- if not execute or not start or invocation_args_dict.get('full_refresh') -%}
        {%- do return('') -%}
    {%- endif -%}
    {%- if (model.test_metadata or {}).get('name') not in row_level_tests -%}
        {%- do return('') -%}
    {%- endif -%}
    {%- set tested = graph.nodes.get(model.attached_node or '') -%}
    {%- set event_time = tested.config.event_time if tested else none -%}
    {%- if not event_time -%}
        {%- do return('') -%}
    {%- endif -%}
    {%- set day = modules.datetime.date.fromisoformat((start | string)[:10]) -%}
    {%- set since = day - modules.datetime.timedelta(days=31) -%}
    {%- do return(event_time ~ " >= cast('" ~ since.isoformat() ~ "' as date)") -%}
{%- endmacro %}
