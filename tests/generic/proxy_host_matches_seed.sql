{#-
    The hosts of `model` (base_proxy__web_requests__parsed) are matched to
    the tools the ai_hosts seed gives them now. The parse table matches each
    request when its batch is built, and decides then which requests keep a
    person's login (an out-of-scope request keeps none), so after a change
    of the seed the months already loaded keep the old match until a full
    refresh re-reads their files. Lists each host whose suffix, tool or
    flags the seed now changes, with the fix. A line nulled by erasure has
    no host and is not compared.
    Severity: var('raw_files_check_severity'), as raw_files_loaded.
-#}
{% test proxy_host_matches_seed(model, ai_hosts) %}
{{ config(severity=var('raw_files_check_severity', 'warn')) }}

with

ai_hosts as (
    select * from {{ ai_hosts }}
),

loaded_hosts as (
    select distinct
        request_host,
        host_suffix as loaded_host_suffix,
        tool_id as loaded_tool_id,
        is_consumer as loaded_is_consumer,
        is_ambiguous as loaded_is_ambiguous
    from {{ model }}
    where request_host is not null
),

{{ ai_host_matches('loaded_hosts', 'ai_hosts') }},

final as (
    select
        request_host,
        loaded_tool_id,
        tool_id as seed_tool_id,
        'certgap publish --full-refresh' as fix
    from host_matches
    where
        coalesce(host_suffix, '~') <> coalesce(loaded_host_suffix, '~')
        or coalesce(tool_id, '~') <> coalesce(loaded_tool_id, '~')
        or is_consumer is distinct from loaded_is_consumer
        or is_ambiguous is distinct from loaded_is_ambiguous
)

select * from final

{% endtest %}
