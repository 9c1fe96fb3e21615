{{ rejected_records('okta', 'base_okta__system_log_events') }}
