{#-
    The Okta apps of `model` (base_okta__system_log_events__parsed) are
    matched to the tools the ai_tools seed gives them now. The parse table
    matches each line when its batch is built, and decides then which lines
    keep a person's data, so after a change of the seed's Okta columns the
    months already loaded keep the old match until a full refresh. Lists
    each app whose tool (or ambiguity) the seed now changes, with the fix.
    The app columns are kept for every successful sign-in, in scope or not;
    a line nulled by erasure has none and is not compared.
    Severity: var('raw_files_check_severity'), as raw_files_loaded.
-#}
{% test okta_app_matches_seed(model, ai_tools) %}
{{ config(severity=var('raw_files_check_severity', 'warn')) }}

with

ai_tools as (
    select * from {{ ai_tools }}
),

loaded_apps as (
    select distinct
        app_id,
        app_alternate_id,
        app_display_name,
        tool_id as loaded_tool_id,
        is_app_ambiguous as loaded_is_app_ambiguous
    from {{ model }}
    where
        app_id is not null
        or app_alternate_id is not null
        or app_display_name is not null
),

{{ okta_app_matches('loaded_apps', 'ai_tools') }},

final as (
    select
        app_id,
        app_alternate_id,
        app_display_name,
        loaded_tool_id,
        tool_id as seed_tool_id,
        'certgap publish --full-refresh' as fix
    from app_matches
    where
        coalesce(tool_id, '~') <> coalesce(loaded_tool_id, '~')
        or is_app_ambiguous <> loaded_is_app_ambiguous
)

select * from final

{% endtest %}
