{#-
    A course platform's rows on the programs' courses, for
    int_badge_hashes_matched__learners: program_id, the platform's user id
    (user_id) and e-mail (email_normalized), and the day of the row's latest
    activity (active_date). platform is the CTE (and platform) name;
    course_column, user_id (its columns) and active_at (an SQL expression
    over its columns) name the course, the user id and that activity;
    program_column is the programs seed's column for the platform's course.
-#}
{% macro badge_learner_rows(
    platform, course_column, program_column, user_id, active_at
) -%}
    select
        programs.program_id,
        {{ platform }}.{{ user_id }} as user_id,
        {{ platform }}.email_normalized,
        cast({{ active_at }} as date) as active_date
    from {{ platform }}
    inner join programs
        on {{ platform }}.{{ course_column }} = programs.{{ program_column }}
{%- endmacro %}
