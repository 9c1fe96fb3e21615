{#-
    Post-hook of every `_rejected` model (set by `rejected_records`, so
    `this` is the model listing the rejects): fail the build when a source
    rejects more than var('max_reject_rate') of the records it read, naming
    the source, the file with the most rejects, the commonest reason and
    the model to read each rejected file and line in.
    `parsed_model` is the source's base model (every record read, with
    _reject_reason null when it was accepted).
    A source with fewer than var('min_records_to_judge') records is too small
    to judge by a rate (one quirk in eleven Okta events is 9 %): the gate then
    only warns, and the rejects stay listed in the `_rejected` model.
-#}
{% macro check_reject_rate(source_name, parsed_model) %}
    {% if execute %}
        {% set max_rate = var('max_reject_rate') | float %}
        {% set min_records = var('min_records_to_judge') | int %}
        {% set summary_sql %}
            with records as (
                select _source_file, _reject_reason from {{ parsed_model }}
            ),

            totals as (
                select
                    count(*) as read_count,
                    count(_reject_reason) as rejected_count
                from records
            ),

            worst_file as (
                select _source_file
                from records
                where _reject_reason is not null
                group by _source_file
                order by count(*) desc, _source_file
                limit 1
            ),

            commonest_reason as (
                select _reject_reason
                from records
                where _reject_reason is not null
                group by _reject_reason
                order by count(*) desc, _reject_reason
                limit 1
            )

            select
                totals.read_count,
                totals.rejected_count,
                (select _source_file from worst_file) as worst_file,
                (select _reject_reason from commonest_reason) as reason
            from totals
        {% endset %}
        {% set row = run_query(summary_sql).rows[0] %}
        {% set read_count = row[0] | int %}
        {% set rejected_count = row[1] | int %}
        {% if read_count > 0 and rejected_count / read_count > max_rate %}
            {% set message = "Source '" ~ source_name ~ "' rejected " ~ rejected_count
                ~ " of " ~ read_count ~ " records ("
                ~ '%.2f' | format(100 * rejected_count / read_count)
                ~ "%), above max_reject_rate " ~ max_rate ~ ". Most rejects are in file '"
                ~ row[2] ~ "'; commonest reason: " ~ row[3]
                ~ ". See " ~ this.schema ~ "." ~ this.identifier
                ~ " for each rejected file and line." %}
            {% if read_count >= min_records %}
                {{ exceptions.raise_compiler_error(message) }}
            {% else %}
                {{ exceptions.warn(message ~ " Not failing: fewer than min_records_to_judge ("
                    ~ min_records ~ ") records were read.") }}
            {% endif %}
        {% endif %}
    {% endif %}
    select 1 as reject_rate_checked
{% endmacro %}
