{{ rejected_records('hris', 'base_hris__workers') }}
