-- One row per (staged xAPI statement, program it names): what the statement
-- means for that program under the completion rule (docs:
-- xapi_completion_rule). The verb's role comes from the xapi_verbs seed;
-- the program from its activity (programs.xapi_activity_iri) or a declared
-- AU (program_aus), as the object or any parent or grouping activity.
with

statements as (
    select * from {{ ref('stg_lrs__statements') }}
),

programs as (
    select * from {{ ref('programs') }}
),

program_aus as (
    select * from {{ ref('program_aus') }}
),

verbs as (
    select * from {{ ref('xapi_verbs') }}
),

-- stg has a row per person a statement is about; these are the
-- statement's own fields, the same on each.
statement_fields as (
    select distinct
        statement_id,
        verb_iri,
        verb_name,
        registration_id,
        is_completed,
        is_successful,
        score_scaled,
        occurred_at
    from statements
),

statement_activities as (
    select distinct
        statement_id,
        activity_iri,
        true as is_object
    from statements
    where activity_iri is not null
    union all
    select distinct
        statements.statement_id,
        parent_activity.activity_iri,
        false as is_object
    from statements
    {{ xapi_activity_id_rows(
        'statements.parent_activity_iris', 'parent_activity'
    ) }}
    union all
    select distinct
        statements.statement_id,
        grouping_activity.activity_iri,
        false as is_object
    from statements
    {{ xapi_activity_id_rows(
        'statements.grouping_activity_iris', 'grouping_activity'
    ) }}
),

program_au_counts as (
    select
        program_id,
        count(distinct au_activity_iri) as program_au_count
    from program_aus
    group by program_id
),

program_activities as (
    select
        program_id,
        xapi_activity_iri as activity_iri,
        'course' as activity_role
    from programs
    where xapi_activity_iri is not null
    union all
    select
        program_id,
        au_activity_iri as activity_iri,
        'au' as activity_role
    from program_aus
),

-- A program counts once per statement, however many of its activities the
-- statement names; what matters is whether the object is the program's
-- own activity or one of its AUs.
statement_programs as (
    select
        statement_activities.statement_id,
        program_activities.program_id,
        max(
            case
                when
                    statement_activities.is_object
                    and program_activities.activity_role = 'course'
                    then 1
                else 0
            end
        ) = 1 as is_object_program,
        max(
            case
                when
                    statement_activities.is_object
                    and program_activities.activity_role = 'au'
                    then program_activities.activity_iri
            end
        ) as au_activity_iri
    from statement_activities
    inner join program_activities
        on statement_activities.activity_iri = program_activities.activity_iri
    group by statement_activities.statement_id, program_activities.program_id
),

classified as (
    select
        statement_programs.statement_id,
        statement_programs.program_id,
        statement_programs.is_object_program,
        statement_programs.au_activity_iri,
        statement_fields.verb_iri,
        statement_fields.registration_id,
        statement_fields.score_scaled,
        statement_fields.occurred_at,
        coalesce(program_au_counts.program_au_count, 0) as program_au_count,
        coalesce(verbs.verb_role, 'unclassified') as verb_role,
        -- result flags complete only a learner's progress verb: a waived or
        -- failed statement carries them too (cmi5 9.5.2, 9.5.3).
        coalesce(verbs.verb_role, '') = 'complete'
        or (
            coalesce(verbs.verb_role, '') = 'progress'
            and (
                coalesce(statement_fields.is_completed, false)
                or coalesce(statement_fields.is_successful, false)
            )
        ) as is_completing_verb,
        coalesce(
            statement_fields.is_successful,
            statement_fields.verb_name = 'passed'
        ) as is_successful_result
    from statement_programs
    inner join statement_fields
        on statement_programs.statement_id = statement_fields.statement_id
    left join verbs
        on statement_fields.verb_iri = verbs.verb_iri
    left join program_au_counts
        on statement_programs.program_id = program_au_counts.program_id
),

final as (
    select
        statement_id,
        program_id,
        verb_iri,
        verb_role,
        registration_id,
        score_scaled,
        occurred_at,
        is_object_program,
        au_activity_iri,
        program_au_count,
        verb_role in (
            'enroll', 'progress', 'complete', 'waive', 'fail'
        ) as is_enrolling,
        is_object_program and is_completing_verb as is_program_completion,
        au_activity_iri is not null
        and (is_completing_verb or verb_role = 'waive') as is_au_satisfied,
        (is_object_program or au_activity_iri is not null)
        and is_completing_verb
        and is_successful_result as is_passed
    from classified
)

select * from final
