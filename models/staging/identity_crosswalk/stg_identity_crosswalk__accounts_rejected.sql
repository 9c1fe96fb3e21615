{{ rejected_records(
    'identity_crosswalk', 'base_identity_crosswalk__accounts'
) }}
