{#-
    xAPI 1.0.3 statements (JSON text) -> typed values, parsing each line once.

    xapi_statement(expr)       the statement as one struct with the fields
                               staging needs; JSON key names are xAPI's
                               (camelCase), read case-insensitively, e.g.
                               xapi.actor.account.homepage. Scalars come
                               out as text (numbers and booleans as their JSON
                               text) so that unreadable values can be told from
                               absent ones; a value of the wrong JSON type
                               (an object where text is expected, ...) reads
                               as null.
    xapi_first_activity_id(expr)
                               id of the first contextActivities parent or
                               grouping Activity (JSON text).
    xapi_ifi_type(agent)       which inverse functional identifier an Agent
    xapi_ifi_value(agent)      (or identified Group) struct carries, and its
                               value as exported; a blank identifier counts
                               as absent. Precedence, should an agent carry
                               several (xAPI allows exactly one): mbox,
                               mbox_sha1sum, openid, account.
    xapi_actors(actor)         the people a statement is about: the members of
                               a Group that lists members, else the actor
                               itself; a list of actor structs, distinct and
                               sorted (xAPI ignores member order).
    xapi_member_count(actor)   how many members a Group lists (0 if none).
    xapi_actors_without_ifi(actors)
                               how many of those carry no identifier.
    xapi_actor_rows(expr, alias)
                               FROM-clause fragment: one row per actor struct
                               of the list, as <alias>.actor.
    iso_duration_seconds(expr) ISO 8601 duration ('PT1H2M3.5S', 'P1DT2H',
                               'P2W') -> seconds (double), null when
                               unreadable. A month counts 30 days and a year
                               365.25 days.
-#}

{% macro xapi_statement(expr) -%}
    {{ return(adapter.dispatch('xapi_statement', 'certgap')(expr)) }}
{%- endmacro %}

{% macro duckdb__xapi_statement(expr) -%}
    {%- set agent = {
        'objectType': 'VARCHAR',
        'name': 'VARCHAR',
        'mbox': 'VARCHAR',
        'mbox_sha1sum': 'VARCHAR',
        'openid': 'VARCHAR',
        'account': {'homePage': 'VARCHAR', 'name': 'VARCHAR'},
    } -%}
    {%- set actor = agent.copy() -%}
    {%- do actor.update({'member': [agent]}) -%}
    {%- set structure = {
        'id': 'VARCHAR',
        'actor': actor,
        'verb': {'id': 'VARCHAR'},
        'object': {
            'objectType': 'VARCHAR',
            'id': 'VARCHAR',
            'definition': {'type': 'VARCHAR'},
        },
        'result': {
            'completion': 'VARCHAR',
            'success': 'VARCHAR',
            'score': {'scaled': 'VARCHAR'},
            'duration': 'VARCHAR',
        },
        'context': {
            'registration': 'VARCHAR',
            'contextActivities': {'parent': 'JSON', 'grouping': 'JSON'},
        },
        'timestamp': 'VARCHAR',
        'stored': 'VARCHAR',
    } -%}
    json_transform({{ expr }}, '{{ tojson(structure) }}')
{%- endmacro %}

{#-
    contextActivities.parent / grouping: an array of Activities in 1.0.3 (a
    single Activity object in older statements); the first one's id.
-#}
{% macro xapi_first_activity_id(expr) -%}
    {{ return(adapter.dispatch('xapi_first_activity_id', 'certgap')(expr)) }}
{%- endmacro %}

{% macro duckdb__xapi_first_activity_id(expr) -%}
    coalesce(
        json_extract_string({{ expr }}, '$[0].id'),
        json_extract_string({{ expr }}, '$.id')
    )
{%- endmacro %}

{#- Portable SQL over struct fields: no dispatch needed. -#}
{% macro xapi_is_present(expr) -%}
    coalesce(trim({{ expr }}), '') <> ''
{%- endmacro %}

{% macro xapi_ifi_type(agent) -%}
    case
        when {{ xapi_is_present(agent ~ '.mbox') }} then 'mbox'
        when {{ xapi_is_present(agent ~ '.mbox_sha1sum') }} then 'mbox_sha1sum'
        when {{ xapi_is_present(agent ~ '.openid') }} then 'openid'
        when
            {{ xapi_is_present(agent ~ '.account.homepage') }}
            and {{ xapi_is_present(agent ~ '.account.name') }}
            then 'account'
    end
{%- endmacro %}

{#- An account is written '<homePage>|<name>' ('|' cannot appear unescaped in an IRI). -#}
{% macro xapi_ifi_value(agent) -%}
    case
        when {{ xapi_is_present(agent ~ '.mbox') }} then {{ agent }}.mbox
        when {{ xapi_is_present(agent ~ '.mbox_sha1sum') }}
            then {{ agent }}.mbox_sha1sum
        when {{ xapi_is_present(agent ~ '.openid') }} then {{ agent }}.openid
        when
            {{ xapi_is_present(agent ~ '.account.homepage') }}
            and {{ xapi_is_present(agent ~ '.account.name') }}
            then {{ dbt.concat([agent ~ '.account.homepage', "'|'", agent ~ '.account.name']) }}
    end
{%- endmacro %}

{% macro xapi_actors(actor) -%}
    {{ return(adapter.dispatch('xapi_actors', 'certgap')(actor)) }}
{%- endmacro %}

{#- Helper of duckdb__xapi_actors: one actor struct. -#}
{% macro duckdb__xapi_actor_struct(agent, is_group_member) -%}
    struct_pack(
        actor_ifi_type := {{ xapi_ifi_type(agent) }},
        actor_ifi_value := {{ xapi_ifi_value(agent) }},
        actor_mbox := {{ agent }}.mbox,
        actor_mbox_sha1sum := {{ agent }}.mbox_sha1sum,
        actor_openid := {{ agent }}.openid,
        actor_account_home_page := {{ agent }}.account.homepage,
        actor_account_name := {{ agent }}.account.name,
        actor_name := {{ agent }}.name,
        is_group_member := {{ is_group_member }}
    )
{%- endmacro %}

{% macro duckdb__xapi_actors(actor) -%}
    case
        when len(coalesce({{ actor }}.member, [])) > 0
            then list_sort(list_distinct(list_transform(
                {{ actor }}.member,
                lambda member: {{ duckdb__xapi_actor_struct('member', 'true') }}
            )))
        else [{{ duckdb__xapi_actor_struct(actor, 'false') }}]
    end
{%- endmacro %}

{% macro xapi_member_count(actor) -%}
    {{ return(adapter.dispatch('xapi_member_count', 'certgap')(actor)) }}
{%- endmacro %}

{% macro duckdb__xapi_member_count(actor) -%}
    len(coalesce({{ actor }}.member, []))
{%- endmacro %}

{% macro xapi_actors_without_ifi(actors) -%}
    {{ return(adapter.dispatch('xapi_actors_without_ifi', 'certgap')(actors)) }}
{%- endmacro %}

{% macro duckdb__xapi_actors_without_ifi(actors) -%}
    len(list_filter({{ actors }}, lambda a: a.actor_ifi_type is null))
{%- endmacro %}

{% macro xapi_actor_rows(expr, alias) -%}
    {{ return(adapter.dispatch('xapi_actor_rows', 'certgap')(expr, alias)) }}
{%- endmacro %}

{% macro duckdb__xapi_actor_rows(expr, alias) -%}
    cross join unnest({{ expr }}) as {{ alias }} (actor)
{%- endmacro %}

{% macro iso_duration_seconds(expr) -%}
    {{ return(adapter.dispatch('iso_duration_seconds', 'certgap')(expr)) }}
{%- endmacro %}

{#-
    No regex: 'P[n]Y[n]M[n]W[n]DT[n]H[n]M[n]S' is rewritten into DuckDB's
    interval text ('1 days 2 hours ...'), which DuckDB casts; anything else
    (no leading P, stray characters, no number at all) is null.
-#}
{% macro duckdb__iso_duration_seconds(expr) -%}
    case
        when
            starts_with({{ expr }}, 'P')
            and translate({{ expr }}, '0123456789.,PYMWDTHS', '') = ''
            then epoch(try_cast(
                replace(replace(replace(replace(
                    split_part(replace(substr({{ expr }}, 2), ',', '.'), 'T', 1),
                    'Y', ' years '), 'M', ' months '), 'W', ' weeks '), 'D', ' days ')
                || ' '
                || replace(replace(replace(
                    split_part(replace(substr({{ expr }}, 2), ',', '.'), 'T', 2),
                    'H', ' hours '), 'M', ' minutes '), 'S', ' seconds ')
                as interval
            ))
    end
{%- endmacro %}
