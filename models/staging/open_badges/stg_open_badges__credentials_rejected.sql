{{ rejected_records('open_badges', 'base_open_badges__credentials') }}
