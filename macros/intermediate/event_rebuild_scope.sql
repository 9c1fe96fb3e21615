{#-
    Incremental intermediate models over the event sources (int_activity_days,
    int_shadow_ai_days) on DuckDB. A build recomputes only

      * the activity dates on or after `since`: the earliest date that a raw
        file loaded, changed or removed since the model's previous build can
        change, and
      * every row of the employees whose resolved identifiers changed (a new
        e-mail in HR, an erasure, an identifier now ambiguous),

    and keeps the rest. What the previous build consumed is kept next to the
    model, written by its post-hook (event_scope_state): `<model>__files`, one
    row per raw file with its size, modification time and the earliest
    activity date its rows can affect, and `<model>__identities`, a hash of
    each identifier the sources use with the employee it resolves to, if any
    (no identifier in clear).

    The earliest date a file's rows can affect, per source:
      proxy, ai_activity  the dates of its rows (a gateway request's status
                          depends on its own line; a console row's key holds
                          its date)
      okta                also the dates of other files' events sharing an
                          event_id with conflicting content (the newest file's
                          copy is the one staged)
      m365_copilot        a stored report: its earliest last-activity date;
                          a report loaded now: per (user, app), its date when
                          the user's previous report (within a week) had
                          another one, else the day after that previous
                          report (the only days a repeated date rules out,
                          int_activity_days rule 2); and the days where
                          another download of the same refresh date
                          disagrees with it (only the newest download of a
                          refresh date is read)

    The old content of a changed or removed file is known by what was stored
    for it; the new content by the rows now loaded. A full build, or an
    incremental one without stored state, recomputes everything. Seeds
    (ai_tools, ai_hosts) changed since: run with --full-refresh, as for the
    event base models.
-#}

{% macro event_scope_state_relation(suffix) -%}
    {{ return(api.Relation.create(
        database=this.database,
        schema=this.schema,
        identifier=this.identifier ~ '__' ~ suffix
    )) }}
{%- endmacro %}

{#-
    One row per raw file of a base model: its size and modification time,
    the earliest activity date its rows can affect (an expression over the
    rows) and, for Copilot, the refresh dates it holds.
-#}
{% macro event_file_listing(source, rows, min_affected_date, report_date=none) -%}
    select
        '{{ source }}' as source,
        _source_file as name,
        min(_source_file_size) as size,
        min(_source_file_modified_epoch) as modified_epoch,
        {{ min_affected_date }} as min_affected_date,
        {{ 'min(' ~ report_date ~ ')' if report_date else 'cast(null as date)' }}
            as min_report_date,
        {{ 'max(' ~ report_date ~ ')' if report_date else 'cast(null as date)' }}
            as max_report_date
    from {{ rows }}
    group by _source_file
{%- endmacro %}

{#- One row per raw file now loaded by the base models of `sources`. -#}
{% macro event_files_loaded(sources) -%}
    {%- set parts = [] -%}
    {%- if 'okta' in sources -%}
        {%- set okta = ref('base_okta__system_log_events') -%}
        {%- do parts.append(event_file_listing(
            'okta',
            '(
                select
                    okta.*,
                    conflicts.min_published_date as min_conflicting_date
                from ' ~ okta ~ ' as okta
                left join (
                    select
                        event_id,
                        min(cast(published_at as date)) as min_published_date
                    from ' ~ okta ~ '
                    where has_conflicting_duplicate
                    group by event_id
                ) as conflicts
                    on okta.has_conflicting_duplicate
                    and okta.event_id = conflicts.event_id
            ) as okta_rows',
            'least(min(cast(published_at as date)), min(min_conflicting_date))'
        )) -%}
    {%- endif -%}
    {%- if 'proxy' in sources -%}
        {%- do parts.append(event_file_listing(
            'proxy', ref('base_proxy__web_requests'),
            'min(cast(requested_at as date))'
        )) -%}
    {%- endif -%}
    {%- if 'ai_activity' in sources -%}
        {%- do parts.append(event_file_listing(
            'ai_activity', ref('base_ai_activity__daily_usage'),
            'min(activity_date)'
        )) -%}
    {%- endif -%}
    {%- if 'm365_copilot' in sources -%}
        {%- set app_dates = [] -%}
        {%- for app in event_copilot_apps() -%}
            {%- do app_dates.append('min(' ~ app ~ '_last_activity_date)') -%}
        {%- endfor -%}
        {%- do parts.append(event_file_listing(
            'm365_copilot', ref('base_m365_copilot__usage_user_detail'),
            'least(' ~ app_dates | join(', ') ~ ')', 'report_refresh_date'
        )) -%}
    {%- endif -%}
    {{ parts | join('\n    union all\n') }}
{%- endmacro %}

{#- The Copilot apps that name a tool (stg_m365_copilot__app_activity). -#}
{% macro event_copilot_apps() -%}
    {{ return([
        'teams', 'word', 'excel', 'powerpoint', 'outlook', 'onenote', 'loop',
        'copilot_chat']) }}
{%- endmacro %}

{#-
    Every identifier `identity_sources` use (hashed), with the employee it
    resolves to (null: unknown or ambiguous).
-#}
{% macro event_identifiers_seen(identity_sources) -%}
    select distinct
        hash(
            candidates.source_system,
            candidates.identifier_type,
            candidates.identifier
        ) as identifier_hash,
        resolved.employee_id
    from {{ ref('int_identifier_candidates') }} as candidates
    left join {{ ref('int_identities_resolved') }} as resolved
        on
            candidates.source_system = resolved.source_system
            and candidates.identifier_type = resolved.identifier_type
            and candidates.identifier = resolved.identifier
    where candidates.source_system in ('{{ identity_sources | join("', '") }}')
{%- endmacro %}

{#- Post-hook: store what this build consumed (DuckDB incremental only). -#}
{% macro event_scope_state(sources, identity_sources) -%}
    {%- if event_materialization() != 'incremental' -%}{{ return('') }}{%- endif -%}
    create or replace table {{ event_scope_state_relation('files') }} as
    {{ event_files_loaded(sources) }};
    create or replace table {{ event_scope_state_relation('identities') }} as
    {{ event_identifiers_seen(identity_sources) }}
{%- endmacro %}

{#-
    What this build recomputes: a dict with
      full       everything (not incremental, or no stored state)
      since      'YYYY-MM-DD' or none: recompute the dates from this one
      employees  true when some employees' identifiers changed
                 (event_changed_employees() lists them)
-#}
{% macro event_rebuild_scope(sources, identity_sources) -%}
    {#- unit tests render the model with no relation of its own (this) -#}
    {%- if not execute or this is none or not is_incremental() -%}
        {{ return({'full': true, 'since': none, 'employees': false}) }}
    {%- endif -%}
    {%- set files_state = adapter.get_relation(
        this.database, this.schema, this.identifier ~ '__files') -%}
    {%- set identities_state = adapter.get_relation(
        this.database, this.schema, this.identifier ~ '__identities') -%}
    {%- if files_state is none or identities_state is none -%}
        {{ return({'full': true, 'since': none, 'employees': false}) }}
    {%- endif -%}
    {%- set query = event_rebuild_scope_query(
        sources, identity_sources, files_state) -%}
    {%- set row = run_query(query).rows[0] -%}
    {%- set since = row[0] -%}
    {%- if row[2] > 0 and since is none -%}
        {#- a changed file with no dated row at all: nothing to bound it by -#}
        {{ return({'full': true, 'since': none, 'employees': false}) }}
    {%- endif -%}
    {{ return({'full': false, 'since': since, 'employees': row[1]}) }}
{%- endmacro %}

{#-
    The query event_rebuild_scope runs, one row: the earliest affected date
    (text, null if none), whether some employees' identifiers changed, and
    how many raw files changed against `files_state` (the stored listing).
-#}
{% macro event_rebuild_scope_query(sources, identity_sources, files_state) -%}
    with

    now_loaded as (
        {{ event_files_loaded(sources) }}
    ),

    stored as (
        select * from {{ files_state }}
    ),

    changed as (
        select
            coalesce(now_loaded.source, stored.source) as source,
            now_loaded.name as loaded_name,
            now_loaded.min_affected_date as loaded_min_affected_date,
            stored.min_affected_date as stored_min_affected_date,
            least(
                now_loaded.min_report_date, stored.min_report_date
            ) as min_report_date,
            greatest(
                now_loaded.max_report_date, stored.max_report_date
            ) as max_report_date
        from now_loaded
        full outer join stored
            on
                now_loaded.source = stored.source
                and now_loaded.name = stored.name
        where
            now_loaded.name is null
            or stored.name is null
            or now_loaded.size <> stored.size
            or now_loaded.modified_epoch <> stored.modified_epoch
    ),

    affected as (
        -- old content: what was stored for it
        select stored_min_affected_date as affected_date
        from changed
        -- new content of the sources whose rows affect their own dates
        union all
        select loaded_min_affected_date
        from changed
        where source <> 'm365_copilot'
        {%- if 'm365_copilot' in sources %}
        union all
        {{ event_copilot_other_download_dates() }}
        union all
        {{ event_copilot_previous_report_dates() }}
        {%- endif %}
    ),

    changed_employees as (
        {{ event_changed_employees(identity_sources) }}
    )

    select
        cast((select min(affected_date) from affected) as varchar),
        (select count(*) from changed_employees) > 0,
        (select count(*) from changed)
{%- endmacro %}

{#-
    Copilot, for the `affected` dates of event_rebuild_scope_query (reads
    its `changed` CTE): other downloads of a changed report's refresh dates
    (the newest download of a refresh date is read), the days where they and
    the changed report disagree.
-#}
{% macro event_copilot_other_download_dates() -%}
    {%- set copilot = ref('base_m365_copilot__usage_user_detail') -%}
    {%- set copilot_apps = event_copilot_apps() -%}
    select least(
        {%- for app in copilot_apps %}
        case
            when
                other.{{ app }}_last_activity_date
                is distinct from loaded.{{ app }}_last_activity_date
                then least(
                    other.{{ app }}_last_activity_date,
                    loaded.{{ app }}_last_activity_date
                )
        end{{ ',' if not loop.last }}
        {%- endfor %}
    )
    from {{ copilot }} as other
    left join (
        select copilot.*
        from {{ copilot }} as copilot
        inner join changed
            on
                changed.source = 'm365_copilot'
                and copilot._source_file = changed.loaded_name
    ) as loaded
        on
            other.report_refresh_date = loaded.report_refresh_date
            and other.user_principal_name_normalized
            = loaded.user_principal_name_normalized
    where
        other._source_file not in (
            select loaded_name from changed
            where source = 'm365_copilot' and loaded_name is not null
        )
        and exists (
            select 1
            from changed
            where
                changed.source = 'm365_copilot'
                and other.report_refresh_date
                between changed.min_report_date
                and changed.max_report_date
        )
{%- endmacro %}

{#-
    Copilot, for the `affected` dates of event_rebuild_scope_query (reads
    its `changed` CTE): a report loaded now, row by row against the user's
    previous one (int_activity_days rule 2).
-#}
{% macro event_copilot_previous_report_dates() -%}
    select
        case
            when previous_date = last_activity_date
                then previous_refresh_date + 1
            else last_activity_date
        end
    from (
        select
            loaded.last_activity_date,
            max(earlier.report_refresh_date) as previous_refresh_date,
            arg_max(
                earlier.last_activity_date, earlier.report_refresh_date
            ) as previous_date
        from {{ ref('stg_m365_copilot__app_activity') }} as loaded
        inner join changed
            on
                changed.source = 'm365_copilot'
                and loaded._source_file = changed.loaded_name
        left join {{ ref('stg_m365_copilot__app_activity') }} as earlier
            on
                earlier.user_principal_name_normalized
                = loaded.user_principal_name_normalized
                and earlier.app = loaded.app
                and earlier.report_refresh_date
                < loaded.report_refresh_date
                and earlier.report_refresh_date
                >= loaded.report_refresh_date - 7
                and earlier.report_refresh_date >= (
                    select min(min_report_date) - 7
                    from changed
                    where source = 'm365_copilot'
                )
        where
            loaded.tool_id is not null
            and loaded.last_activity_date is not null
        group by
            loaded.user_principal_name_normalized,
            loaded.app,
            loaded.report_refresh_date,
            loaded.last_activity_date
    ) as checked
{%- endmacro %}

{#-
    The employees whose identifiers changed since the stored state: an
    identifier that resolved to them and no longer does (or is no longer
    seen: erased), and one seen before that resolves to them now. An
    identifier seen for the first time has rows only in files loaded since,
    within the recomputed days.
-#}
{% macro event_changed_employees(identity_sources) -%}
    {%- set stored = event_scope_state_relation('identities') -%}
    select now_seen.employee_id
    from ({{ event_identifiers_seen(identity_sources) }}) as now_seen
    where
        now_seen.employee_id is not null
        and now_seen.identifier_hash in (select identifier_hash from {{ stored }})
        and not exists (
            select 1
            from {{ stored }} as stored
            where
                stored.identifier_hash = now_seen.identifier_hash
                and stored.employee_id is not distinct from now_seen.employee_id
        )
    union
    select stored.employee_id
    from {{ stored }} as stored
    where
        stored.employee_id is not null
        and not exists (
            select 1
            from ({{ event_identifiers_seen(identity_sources) }}) as now_seen
            where
                now_seen.identifier_hash = stored.identifier_hash
                and now_seen.employee_id is not distinct from stored.employee_id
        )
{%- endmacro %}

{#-
    The rows a build recomputes, as a condition on activity_date and
    employee_id.
-#}
{% macro event_rows_rebuilt(scope, identity_sources) -%}
    {%- if scope.full -%}
        true
    {%- else -%}
        (
            {%- if scope.since is not none %}
            activity_date >= date '{{ scope.since }}'
            {%- else %}
            false
            {%- endif %}
            {%- if scope.employees %}
            or employee_id in (
                {{ event_changed_employees(identity_sources) }}
            )
            {%- endif %}
        )
    {%- endif -%}
{%- endmacro %}

{#-
    Whether the inputs may be read from `since` on only: not when changed
    employees need their whole history.
-#}
{% macro event_first_day_to_read(scope) -%}
    {%- if scope.full or scope.employees -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(scope.since or '9999-12-31') }}
{%- endmacro %}

{#-
    A filter on an input column: the rows from `since` on (all when none).
-#}
{% macro event_rows_from_day(column, since, type='date') -%}
    {%- if since is none -%}
        true
    {%- else -%}
        {{ column }} >= cast('{{ since }}' as {{ type }})
    {%- endif -%}
{%- endmacro %}

{#-
    The scope in the compiled model, for the strategy below to read back
    (computing it again would run its queries twice).
-#}
{% macro event_scope_marker(scope) -%}
    /* event_scope: full={{ scope.full }} since={{ scope.since }} employees={{ scope.employees }} */
{%- endmacro %}

{#-
    Strategy rebuilt_rows: delete the rows this build recomputed (as the
    scope marker in the compiled model says), insert the new ones.
-#}
{% macro get_incremental_rebuilt_rows_sql(arg_dict) -%}
    {%- set marker = modules.re.search(
        'event_scope: full=(\\w+) since=(\\S+) employees=(\\w+)',
        model.compiled_code) -%}
    {%- if marker is none -%}
        {{ exceptions.raise_compiler_error(
            'rebuilt_rows: ' ~ this ~ ' has no event_scope_marker()') }}
    {%- endif -%}
    {%- set scope = {
        'full': marker.group(1) == 'True',
        'since': none if marker.group(2) == 'None' else marker.group(2),
        'employees': marker.group(3) == 'True',
    } -%}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set columns = get_quoted_csv(
        arg_dict['dest_columns'] | map(attribute='name')
    ) -%}
    delete from {{ target }}
    where {{ event_rows_rebuilt(scope, config.get('event_identity_sources')) }};

    insert into {{ target }} ({{ columns }})
    select {{ columns }}
    from {{ arg_dict['temp_relation'] }}
{%- endmacro %}
