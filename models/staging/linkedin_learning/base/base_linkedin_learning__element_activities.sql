-- One row per well-formed report element with activities: its
-- engagements pivoted (progress, seconds viewed, completions and when) and
-- counts of the activities that are incomplete, badly dated or out of
-- range, which reject the element.
{{ config(materialized='ephemeral') }}

with

report_elements as (
    select * from {{ ref('base_linkedin_learning__report_elements') }}
),

wellformed_elements as (
    select * from report_elements
    where is_wellformed
),

activities as (
    select
        wellformed_elements._source_file,
        wellformed_elements._source_line,
        nullif(trim({{
            json_text('element_activities.element', '$.engagementType')
        }}), '') as engagement_type,
        nullif(trim({{
            json_text('element_activities.element', '$.engagementValue')
        }}), '') as engagement_value_text,
        nullif(trim({{
            json_text('element_activities.element', '$.firstEngagedAt')
        }}), '') as first_engaged_text,
        nullif(trim({{
            json_text('element_activities.element', '$.lastEngagedAt')
        }}), '') as last_engaged_text
    from wellformed_elements
    {{ json_array_rows(
        'wellformed_elements.raw_line', '$.activities', 'element_activities'
    ) }}
),

typed_activities as (
    select
        *,
        {{ text_to_double('engagement_value_text') }} as engagement_value,
        {{ epoch_ms_text_to_utc('first_engaged_text') }} as first_engaged_at,
        {{ epoch_ms_text_to_utc('last_engaged_text') }} as last_engaged_at
    from activities
),

-- One row per element. Where an engagement type appears with both the TOTAL
-- and the UNIQUE qualifier, the larger value (TOTAL) is kept.
activity_summary as (
    select
        _source_file,
        _source_line,
        count(*) as activity_count,
        sum(
            case
                when engagement_type is null or engagement_value_text is null
                    then 1
                else 0
            end
        ) as incomplete_activity_count,
        sum(
            case
                when
                    (
                        first_engaged_text is not null
                        and first_engaged_at is null
                    )
                    or (
                        last_engaged_text is not null
                        and last_engaged_at is null
                    )
                    then 1
                else 0
            end
        ) as invalid_timestamp_count,
        sum(
            case
                when
                    engagement_value_text is not null
                    and (
                        not coalesce(engagement_value >= 0, false)
                        or (
                            engagement_type = 'PROGRESS_PERCENTAGE'
                            and engagement_value > 100
                        )
                    )
                    then 1
                else 0
            end
        ) as invalid_number_count,
        max(
            case
                when engagement_type = 'PROGRESS_PERCENTAGE'
                    then engagement_value
            end
        ) / 100 as progress_rate,
        max(
            case
                when engagement_type = 'SECONDS_VIEWED' then engagement_value
            end
        ) as seconds_viewed,
        max(
            case
                when engagement_type = 'COMPLETIONS' then engagement_value
            end
        ) as completion_count,
        max(
            case
                when engagement_type = 'COMPLETIONS' and engagement_value > 0
                    then last_engaged_at
            end
        ) as completed_at,
        min(first_engaged_at) as first_engaged_at,
        max(last_engaged_at) as last_engaged_at
    from typed_activities
    group by _source_file, _source_line
)

select * from activity_summary
