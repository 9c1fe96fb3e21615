{#-
    The enrollment attempts of one course platform that exports enrollments
    (Coursera, Udemy, LinkedIn Learning): one row per learner x course mapped
    to a program, the learner resolved by the platform's SSO id first and
    the e-mail second. All three share this shape; only the columns differ.
-#}
{% macro platform_attempts(
    platform, course_column, program_column, id_column,
    enrolled_at, completed_at, score='null'
) -%}
    select
        coalesce(by_id.employee_id, by_email.employee_id) as employee_id,
        programs.program_id,
        '{{ platform }}' as platform,
        {{ platform }}.{{ course_column }} as attempt_id,
        {{ enrolled_at }} as enrolled_at,
        case
            when {{ platform }}.is_completed then {{ completed_at }}
        end as completed_at,
        coalesce({{ platform }}.is_completed, false) as is_passed,
        cast({{ score }} as {{ type_double() }}) as score
    from {{ platform }}
    inner join programs
        on {{ platform }}.{{ course_column }} = programs.{{ program_column }}
    left join identities as by_id
        on
            by_id.source_system = '{{ platform }}'
            and by_id.identifier_type = 'employee_id'
            and {{ platform }}.{{ id_column }} = by_id.identifier
    left join identities as by_email
        on
            by_email.source_system = '{{ platform }}'
            and by_email.identifier_type = 'email_address'
            and {{ platform }}.email_normalized = by_email.identifier
{%- endmacro %}
