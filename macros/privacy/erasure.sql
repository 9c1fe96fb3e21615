{#-
    Right to erasure. seeds/erasure_requests.csv lists employee ids; on the
    next build every record that names one of those people is erased in the
    base model that reads it, so nothing downstream ever sees it.

    An erased record keeps only its provenance (_source_file, _source_line)
    and _row_status = 'erased'; raw_line and every parsed field are null.
    Reconciliation with the raw files still holds: reconciles_with_raw counts
    it among the deliberately removed records, so no line goes missing.

    A record names a person when its raw line holds one of the person's
    identifiers as a whole token (base_hris__erased_identifiers: employee id,
    e-mails past and present, UPN, network login, xAPI mbox_sha1sum), or
    when its salted badge hash is the hash of one of their e-mails. "Whole
    token" means not inside a longer identifier: erasing jo@acme.example
    leaves ajo@acme.example and jo@acme.example.au alone.

    Identifiers are looked up in SQL (an ephemeral model, a CTE at run time),
    never rendered into the compiled SQL, so target/ and the logs hold none.
-#}

{#-
    True when the erasure_requests seed is loaded and lists someone. Builds
    with no request compile to a plain `select *` and pay nothing. A run that
    has not loaded the seed (a partial selection, sqlfluff's templater) has
    nothing to erase with and says so; `dbt build` and `make build` load it
    before any base model. In a unit test, false: the fixtures are the whole
    input.
-#}
{% macro erasure_requested() -%}
    {#- A unit test's fixtures stand in for the model's inputs: no erasure. -#}
    {%- if model is defined and model.resource_type == 'unit_test' -%}
        {{ return(false) }}
    {%- endif -%}
    {#- ref() before any return, so that dbt records the dependency. -#}
    {%- set seed = ref('erasure_requests') -%}
    {%- if not execute -%}{{ return(true) }}{%- endif -%}
    {%- set relation = adapter.get_relation(
        database=seed.database, schema=seed.schema, identifier=seed.identifier
    ) -%}
    {%- if relation is none -%}
        {{ log(
            "WARNING: seed erasure_requests is not loaded; " ~ model.name
            ~ " is built without erasure. Run dbt seed first.", info=true
        ) }}
        {{ return(false) }}
    {%- endif -%}
    {%- set result = run_query('select count(*) from ' ~ relation) -%}
    {{ return(result.columns[0].values()[0] > 0) }}
{%- endmacro %}

{#-
    CTEs for a base model: `records` (the CTE holding raw_line, _row_status
    and the parsed fields) becomes `with_erasure`.

      subject_column  the record's own person (HRIS: employee_id). When set,
                      a record that only mentions an erased person (a worker
                      whose manager is erased) is kept, with its raw_line
                      and the `redact_columns` holding an erased id nulled.
      hashed_email    (hash column, salt column, algorithm column) of an
                      e-mail hash ('sha256$<hex>' or 'md5$<hex>', salt
                      optional: Open Badges) to test as well.
      erased_condition  SQL over `records`: the record was erased on an
                      earlier build (erase_loaded_rows nulled its raw_line).
-#}
{% macro erase_requested_records(
    records, subject_column=none, redact_columns=[], hashed_email=none,
    erased_condition=none
) -%}
    {%- if not erasure_requested() %}
    with_erasure as (
        select * from {{ records }}
    )
    {%- else %}
    erased_identifiers as (
        select * from {{ ref('base_hris__erased_identifiers') }}
    ),

    erasure_matched as (
        select
            {{ records }}.*,
            {{ names_erased_person(records ~ '.raw_line') }}
            {%- if hashed_email %}
            or exists (
                select 1
                from erased_identifiers
                where
                    erased_identifiers.identifier_type = 'email_address'
                    and lower({{ records }}.{{ hashed_email[0] }})
                    = {{ records }}.{{ hashed_email[2] }} || '$'
                    || {{ badge_identity_digest(
                        records ~ '.' ~ hashed_email[2],
                        'erased_identifiers.identifier',
                        records ~ '.' ~ hashed_email[1]
                    ) }}
            )
            {%- endif %}
            {%- if erased_condition %}
            or coalesce({{ erased_condition }}, false)
            {%- endif %} as _names_erased_person
            {%- if subject_column %},
            {{ records }}.{{ subject_column }} is null
            or {{ records }}.{{ subject_column }} in (
                select employee_id from erased_identifiers
            ) as _is_erased_subject
            {%- endif %}
        from {{ records }}
    ),

    {%- set helper_columns = ['_names_erased_person'] -%}
    {%- if subject_column -%}
        {%- do helper_columns.append('_is_erased_subject') -%}
    {%- endif %}

    with_erasure as (
        {{ erased_record_columns(
            'erasure_matched',
            '_names_erased_person'
            ~ (' and _is_erased_subject' if subject_column else ''),
            '_names_erased_person',
            redact_columns,
            helper_columns
        ) }}
    )
    {%- endif %}
{%- endmacro %}

{#-
    The select of with_erasure: every column of `relation` but the helper
    flags, nulled when `erase_condition` holds, raw_line also nulled when
    `mention_condition` holds, and each redact column nulled when it holds an
    erased employee id; `helper_columns` are left out. Needs a star
    expression over "all other columns", so DuckDB only for now.
-#}
{% macro erased_record_columns(
    relation, erase_condition, mention_condition, redact_columns, helper_columns
) -%}
    {{ return(adapter.dispatch('erased_record_columns', 'certgap')(
        relation, erase_condition, mention_condition, redact_columns,
        helper_columns
    )) }}
{%- endmacro %}

{% macro duckdb__erased_record_columns(
    relation, erase_condition, mention_condition, redact_columns, helper_columns
) -%}
    {%- set own = ['_source_file', '_source_line', 'raw_line', '_row_status']
        + redact_columns + helper_columns -%}
    select
        _source_file,
        _source_line,
        case when {{ mention_condition }} then null else raw_line end as raw_line,
        {%- for column in redact_columns %}
        case
            when
                {{ erase_condition }}
                or {{ column }} in (
                    select employee_id from erased_identifiers
                )
                then null
            else {{ column }}
        end as {{ column }},
        {%- endfor %}
        case
            when {{ erase_condition }} then null
            else columns(* exclude ({{ own | join(', ') }}))
        end,
        case
            when {{ erase_condition }} then 'erased' else _row_status
        end as _row_status
    from {{ relation }}
{%- endmacro %}

{% macro default__erased_record_columns(
    relation, erase_condition, mention_condition, redact_columns, helper_columns
) -%}
    {#- Parsing assumes a request (erasure_requested); only a run can tell. -#}
    {%- if execute %}
    {{ exceptions.raise_compiler_error(
        "Erasure requests need DuckDB for now: nulling every other column of an"
        ~ " erased record uses DuckDB's COLUMNS(* EXCLUDE ...), which '"
        ~ target.type ~ "' has no equivalent of (macros/privacy/erasure.sql)."
    ) }}
    {%- endif %}
{%- endmacro %}

{#- A regular expression that finds `identifier_expr` as a whole token. -#}
{% macro erasure_token_pattern(identifier_expr) -%}
    '(^|[^a-z0-9._%+-])' || {{ regexp_escape(identifier_expr) }}
    || '($|[^a-z0-9._%+-])'
{%- endmacro %}

{% macro regexp_escape(expr) -%}
    {{ return(adapter.dispatch('regexp_escape', 'certgap')(expr)) }}
{%- endmacro %}

{% macro duckdb__regexp_escape(expr) -%}
    regexp_escape({{ expr }})
{%- endmacro %}

{% macro default__regexp_escape(expr) -%}
    regexp_replace({{ expr }}, '([\\\\.^$|?*+()\\[\\]{}-])', '\\\\$1')
{%- endmacro %}

{% macro regexp_matches(text_expr, pattern_expr) -%}
    {{ return(adapter.dispatch('regexp_matches', 'certgap')(text_expr, pattern_expr)) }}
{%- endmacro %}

{% macro duckdb__regexp_matches(text_expr, pattern_expr) -%}
    regexp_matches({{ text_expr }}, {{ pattern_expr }})
{%- endmacro %}

{% macro default__regexp_matches(text_expr, pattern_expr) -%}
    ({{ text_expr }} rlike {{ pattern_expr }})
{%- endmacro %}

{#-
    True when the text `raw_line_expr` holds an identifier of an erased
    person as a whole token; `identifiers` is a relation (CTE) of
    base_hris__erased_identifiers. The position() test is a cheap filter
    before the regular expression.
-#}
{% macro names_erased_person(raw_line_expr, identifiers='erased_identifiers') -%}
    exists (
        select 1
        from {{ identifiers }}
        where
            {{ dbt.position(
                identifiers ~ '.identifier', 'lower(' ~ raw_line_expr ~ ')'
            ) }} > 0
            and {{ regexp_matches(
                'lower(' ~ raw_line_expr ~ ')', identifiers ~ '.token_pattern'
            ) }}
    )
{%- endmacro %}
