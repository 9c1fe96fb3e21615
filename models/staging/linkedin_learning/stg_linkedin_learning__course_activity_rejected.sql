{{ rejected_records(
    'linkedin_learning', 'base_linkedin_learning__course_activity'
) }}
