{#-
    The completion of a program with declared AUs (program_aus seed): an
    attempt (employee_id, program_id, attempt_id) in which every AU of the
    program is satisfied, completed at the moment the last of them first
    was (docs: xapi_completion_rule). `relation` has one row per statement
    with is_au_satisfied, au_activity_iri, program_au_count and occurred_at.
    A select, for a union with the statements that complete the program
    itself.
-#}
{% macro xapi_au_completions(relation) -%}
    select
        aus_satisfied.employee_id,
        aus_satisfied.program_id,
        aus_satisfied.attempt_id,
        max(aus_satisfied.satisfied_at) as completed_at
    from (
        select
            employee_id,
            program_id,
            attempt_id,
            au_activity_iri,
            program_au_count,
            min(occurred_at) as satisfied_at
        from {{ relation }}
        where is_au_satisfied
        group by
            employee_id,
            program_id,
            attempt_id,
            au_activity_iri,
            program_au_count
    ) as aus_satisfied
    group by
        aus_satisfied.employee_id,
        aus_satisfied.program_id,
        aus_satisfied.attempt_id,
        aus_satisfied.program_au_count
    having count(*) = aus_satisfied.program_au_count
{%- endmacro %}
