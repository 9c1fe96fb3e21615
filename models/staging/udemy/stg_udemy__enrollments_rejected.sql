{{ rejected_records('udemy', 'base_udemy__enrollments') }}
