{#-
    xAPI 1.0.3 statements (JSON text) -> typed values.

    xapi_statement(expr)       the statement as one struct with the fields
                               staging needs; JSON keys are matched as xAPI
                               spells them (camelCase), struct fields are
                               read case-insensitively, e.g.
                               xapi.actor.account.homepage. Scalars come
                               out as text (numbers and booleans as their JSON
                               text, objects and arrays as compact JSON) so
                               that unreadable values can be told from absent
                               ones. A key repeated in one object: its first
                               copy is read.
    xapi_activity_ids(expr)    ids of every contextActivities parent (or
                               grouping) Activity (JSON text): a list,
                               distinct and sorted, blanks left out.
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
    xapi_activity_id_rows(expr, alias)
                               the same for an xapi_activity_ids list, as
                               <alias>.activity_iri.
    iso_duration_seconds(expr) ISO 8601 duration ('PT1H2M3.5S', 'P1DT2H',
                               'P2W') -> seconds (double), null when
                               unreadable. A month counts 30 days and a year
                               365.25 days.
    xapi_number(expr)          JSON number text -> double (null if it is not
                               one, or not finite).
    xapi_actor_literal(values) one actors element from literal values, for
                               unit-test fixtures.

    Known differences on Spark (tests/python/test_macro_parity.py shows the
    rest agree): a number where text is expected (an id of 1e-7) is printed
    the Java way ('1.0E-7', DuckDB '1e-07'); where the first copy of a
    repeated key is null or lacks the nested key asked for, Spark reads on
    into the later copy; a JSON string whose text is itself a JSON array where
    Group members are expected is read as that array.
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
    Spark: one get_json_object per field rather than from_json, so that a key
    repeated in an object reads its first copy, as DuckDB does (from_json and
    parse_json keep the last). get_json_object gives the same text as
    json_transform for strings, objects and arrays (compact JSON) and most
    numbers (see the parity tests for the exceptions). Two differences of
    shape, invisible through the macros below: every struct level is present
    (DuckDB: null when the key is absent), and contextActivities.parent and
    .grouping are JSON text (DuckDB: JSON) read with json_fragment, so a
    string there stays quoted and is no Activity list, as on DuckDB.
-#}
{% macro spark__xapi_statement(expr) -%}
    {%- set member_array = json_text(expr, '$.actor.member') -%}
    {%- set member_count = 'json_array_length(' ~ member_array ~ ')' -%}
    named_struct(
        'id', {{ json_text(expr, '$.id') }},
        'actor', named_struct(
            {{ spark__xapi_agent_fields(expr, "'$.actor'") }},
            'member', case
                when {{ member_count }} > 0
                    then transform(
                        sequence(0, {{ member_count }} - 1),
                        i -> named_struct(
                            {{ spark__xapi_agent_fields(member_array, "concat('$[', i, ']')") }}
                        )
                    )
            end
        ),
        'verb', named_struct('id', {{ json_text(expr, '$.verb.id') }}),
        'object', named_struct(
            'objectType', {{ json_text(expr, '$.object.objectType') }},
            'id', {{ json_text(expr, '$.object.id') }},
            'definition', named_struct(
                'type', {{ json_text(expr, '$.object.definition.type') }}
            )
        ),
        'result', named_struct(
            'completion', {{ json_text(expr, '$.result.completion') }},
            'success', {{ json_text(expr, '$.result.success') }},
            'score', named_struct(
                'scaled', {{ json_text(expr, '$.result.score.scaled') }}
            ),
            'duration', {{ json_text(expr, '$.result.duration') }}
        ),
        'context', named_struct(
            'registration', {{ json_text(expr, '$.context.registration') }},
            'contextActivities', named_struct(
                'parent', {{ json_fragment(expr, '$.context.contextActivities.parent') }},
                'grouping', {{ json_fragment(expr, '$.context.contextActivities.grouping') }}
            )
        ),
        'timestamp', {{ json_text(expr, '$.timestamp') }},
        'stored', {{ json_text(expr, '$.stored') }}
    )
{%- endmacro %}

{#- Helper of spark__xapi_statement: the Agent fields under a JSONPath given as SQL. -#}
{% macro spark__xapi_agent_fields(expr, path_sql) -%}
    {%- set fields = ['objectType', 'name', 'mbox', 'mbox_sha1sum', 'openid'] -%}
    {%- for field in fields %}
    '{{ field }}', get_json_object({{ expr }}, concat({{ path_sql }}, '.{{ field }}')),
    {%- endfor %}
    'account', named_struct(
        'homePage', get_json_object({{ expr }}, concat({{ path_sql }}, '.account.homePage')),
        'name', get_json_object({{ expr }}, concat({{ path_sql }}, '.account.name'))
    )
{%- endmacro %}

{#-
    contextActivities.parent / grouping: an array of Activities in 1.0.3 (a
    single Activity object in older statements); every Activity's id counts
    (cmi5 puts the AU's publisher id there beside others, and a course may
    be any of them), so all are kept: distinct, sorted, blanks left out.
-#}
{% macro xapi_activity_ids(expr) -%}
    {{ return(adapter.dispatch('xapi_activity_ids', 'certgap')(expr)) }}
{%- endmacro %}

{% macro duckdb__xapi_activity_ids(expr) -%}
    list_sort(list_distinct(list_filter(
        case json_type({{ expr }})
            when 'ARRAY' then json_extract_string({{ expr }}, '$[*].id')
            when 'OBJECT' then [json_extract_string({{ expr }}, '$.id')]
            else []
        end,
        lambda activity_id: coalesce(trim(activity_id), '') <> ''
    )))
{%- endmacro %}

{#- from_json to array<string> keeps each element's JSON text, so an element
    that is no object reads as no id, as on DuckDB. -#}
{% macro spark__xapi_activity_ids(expr) -%}
    array_sort(array_distinct(filter(
        case
            when left(ltrim({{ expr }}), 1) = '['
                then transform(
                    from_json({{ expr }}, 'array<string>'),
                    element -> get_json_object(element, '$.id')
                )
            when left(ltrim({{ expr }}), 1) = '{{ '{' }}'
                then array(get_json_object({{ expr }}, '$.id'))
            else cast(array() as array<string>)
        end,
        activity_id -> coalesce(trim(activity_id), '') <> ''
    )))
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

{% macro spark__xapi_actor_struct(agent, is_group_member) -%}
    named_struct(
        'actor_ifi_type', {{ xapi_ifi_type(agent) }},
        'actor_ifi_value', {{ xapi_ifi_value(agent) }},
        'actor_mbox', {{ agent }}.mbox,
        'actor_mbox_sha1sum', {{ agent }}.mbox_sha1sum,
        'actor_openid', {{ agent }}.openid,
        'actor_account_home_page', {{ agent }}.account.homepage,
        'actor_account_name', {{ agent }}.account.name,
        'actor_name', {{ agent }}.name,
        'is_group_member', {{ is_group_member }}
    )
{%- endmacro %}

{#-
    Spark: array_sort orders struct fields nulls first, DuckDB's list_sort
    nulls last; so each actor is sorted by a key that puts (field is null)
    before each field.
-#}
{% macro spark__xapi_actors(actor) -%}
    {%- set fields = [
        'actor_ifi_type', 'actor_ifi_value', 'actor_mbox', 'actor_mbox_sha1sum',
        'actor_openid', 'actor_account_home_page', 'actor_account_name',
        'actor_name', 'is_group_member',
    ] -%}
    case
        when {{ spark__xapi_member_count(actor) }} > 0
            then transform(
                array_sort(transform(
                    array_distinct(transform(
                        {{ actor }}.member,
                        member -> {{ spark__xapi_actor_struct('member', 'true') }}
                    )),
                    a -> named_struct(
                        'sort_key', named_struct(
                            {%- for field in fields %}
                            'null_{{ field }}', a.{{ field }} is null,
                            '{{ field }}', a.{{ field }}{% if not loop.last %},{% endif %}
                            {%- endfor %}
                        ),
                        'actor', a
                    )
                )),
                keyed -> keyed.actor
            )
        else array({{ spark__xapi_actor_struct(actor, 'false') }})
    end
{%- endmacro %}

{% macro xapi_member_count(actor) -%}
    {{ return(adapter.dispatch('xapi_member_count', 'certgap')(actor)) }}
{%- endmacro %}

{% macro duckdb__xapi_member_count(actor) -%}
    len(coalesce({{ actor }}.member, []))
{%- endmacro %}

{#- size(null) is -1 with ANSI mode off and null with it on: neither is 0. -#}
{% macro spark__xapi_member_count(actor) -%}
    case
        when {{ actor }}.member is null then 0
        else size({{ actor }}.member)
    end
{%- endmacro %}

{% macro xapi_actors_without_ifi(actors) -%}
    {{ return(adapter.dispatch('xapi_actors_without_ifi', 'certgap')(actors)) }}
{%- endmacro %}

{% macro duckdb__xapi_actors_without_ifi(actors) -%}
    len(list_filter({{ actors }}, lambda a: a.actor_ifi_type is null))
{%- endmacro %}

{% macro spark__xapi_actors_without_ifi(actors) -%}
    size(filter({{ actors }}, a -> a.actor_ifi_type is null))
{%- endmacro %}

{% macro xapi_actor_rows(expr, alias) -%}
    {{ return(adapter.dispatch('xapi_actor_rows', 'certgap')(expr, alias)) }}
{%- endmacro %}

{% macro duckdb__xapi_actor_rows(expr, alias) -%}
    cross join unnest({{ expr }}) as {{ alias }} (actor)
{%- endmacro %}

{% macro spark__xapi_actor_rows(expr, alias) -%}
    lateral view explode({{ expr }}) {{ alias }} as actor
{%- endmacro %}

{#- FROM-clause fragment: one row per id of an xapi_activity_ids list, as
    <alias>.activity_iri (none for an empty list). -#}
{% macro xapi_activity_id_rows(expr, alias) -%}
    {{ return(adapter.dispatch('xapi_activity_id_rows', 'certgap')(expr, alias)) }}
{%- endmacro %}

{% macro duckdb__xapi_activity_id_rows(expr, alias) -%}
    cross join unnest({{ expr }}) as {{ alias }} (activity_iri)
{%- endmacro %}

{% macro spark__xapi_activity_id_rows(expr, alias) -%}
    lateral view explode({{ expr }}) {{ alias }} as activity_iri
{%- endmacro %}

{#-
    A JSON number as xapi_statement gives it (text) -> double; null unless
    the text has JSON's number syntax and is finite, so that '1.5d', '1_0',
    'NaN' or an overflow read the same (as nothing) on both engines.
-#}
{% macro xapi_number(expr) -%}
    case
        when
            {{ expr }} <> ''
            and regexp_extract(
                {{ expr }}, '^-?[0-9]+([.][0-9]+)?([eE][+-]?[0-9]+)?$', 0
            ) = {{ expr }}
            then {{ text_to_double(expr) }}
    end
{%- endmacro %}

{% macro iso_duration_seconds(expr) -%}
    {{ return(adapter.dispatch('iso_duration_seconds', 'certgap')(expr)) }}
{%- endmacro %}

{#-
    The same SQL on DuckDB and Spark: regexp_extract (RE2 / Java regex, the
    common subset) pulls out each component, and the seconds are summed in
    one fixed order so both engines round alike. ISO 8601 allows a fraction
    on the last component only; any is accepted here, with ',' or '.'.
    Refused: no leading P, a P or T with no component after it, components
    out of order, signs, spaces.
-#}
{% macro default__iso_duration_seconds(expr) -%}
    {%- set number = '([0-9]+(?:[.,][0-9]+)?)' -%}
    {%- set pattern = '^P(?:' ~ number ~ 'Y)?(?:' ~ number ~ 'M)?(?:' ~ number ~ 'W)?(?:'
        ~ number ~ 'D)?(?:T(?:' ~ number ~ 'H)?(?:' ~ number ~ 'M)?(?:' ~ number ~ 'S)?)?$' -%}
    {#- seconds per year (365.25 days), month (30 days), week, day, hour, minute, second -#}
    {%- set seconds = [31557600, 2592000, 604800, 86400, 3600, 60, 1] -%}
    case
        when
            {{ expr }} like 'P_%'
            and {{ expr }} not like '%T'
            and regexp_extract({{ expr }}, '{{ pattern }}', 0) = {{ expr }}
            then
            {%- for factor in seconds %}
                {% if not loop.first %}+ {% endif -%}
                coalesce(cast(replace(nullif(
                    regexp_extract({{ expr }}, '{{ pattern }}', {{ loop.index }}), ''
                ), ',', '.') as {{ type_double() }}), 0) * {{ factor }}
            {%- endfor %}
    end
{%- endmacro %}

{#-
    For unit-test fixtures: one element of base_lrs__statements.actors from
    literal values, a dict keyed by field name (absent fields are null), so
    that fixtures need no engine's struct syntax.
-#}
{% macro xapi_actor_literal(values) -%}
    {%- set fields = [
        'actor_ifi_type', 'actor_ifi_value', 'actor_mbox', 'actor_mbox_sha1sum',
        'actor_openid', 'actor_account_home_page', 'actor_account_name',
        'actor_name', 'is_group_member',
    ] -%}
    {%- set typed = [] -%}
    {%- for field in fields -%}
        {%- set value = values.get(field) -%}
        {%- if field == 'is_group_member' -%}
            {%- do typed.append((field, 'true' if value else 'false')) -%}
        {%- elif value is none -%}
            {%- do typed.append((field, 'cast(null as ' ~ dbt.type_string() ~ ')')) -%}
        {%- else -%}
            {%- do typed.append((field, dbt.string_literal(value))) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(adapter.dispatch('xapi_actor_literal', 'certgap')(typed)) }}
{%- endmacro %}

{% macro duckdb__xapi_actor_literal(typed) -%}
    struct_pack(
        {%- for name, sql in typed %}
        {{ name }} := {{ sql }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    )
{%- endmacro %}

{% macro spark__xapi_actor_literal(typed) -%}
    named_struct(
        {%- for name, sql in typed %}
        '{{ name }}', {{ sql }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    )
{%- endmacro %}
