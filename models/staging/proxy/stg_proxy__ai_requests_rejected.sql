{{ rejected_records('proxy', 'base_proxy__web_requests') }}
