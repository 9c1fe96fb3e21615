{{ rejected_records('credly', 'base_credly__issued_badges') }}
