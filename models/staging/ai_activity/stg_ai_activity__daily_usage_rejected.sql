{{ rejected_records('ai_activity', 'base_ai_activity__daily_usage') }}
