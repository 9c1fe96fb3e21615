{#-
    A course platform's rows on the programs' courses, for
    int_badge_hashes_matched__learners: program_id, the platform's user id
    (user_id) and e-mail (email_normalized), and the time the row spans
    (first_at, last_at). platform is the CTE (and platform) name; the other
    arguments are its column names or SQL expressions over its columns.
-#}
{% macro badge_learner_rows(
    platform, course_column, program_column, user_id, first_at, last_at
) -%}
    select
        programs.program_id,
        {{ platform }}.{{ user_id }} as user_id,
        {{ platform }}.email_normalized,
        {{ platform }}.{{ first_at }} as first_at,
        {{ last_at }} as last_at
    from {{ platform }}
    inner join programs
        on {{ platform }}.{{ course_column }} = programs.{{ program_column }}
{%- endmacro %}
