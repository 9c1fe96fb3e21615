{{ rejected_records('m365_copilot', 'base_m365_copilot__usage_user_detail') }}
