{{ rejected_records('coursera', 'base_coursera__enrollments') }}
