{{ rejected_records('lrs', 'base_lrs__statements') }}
