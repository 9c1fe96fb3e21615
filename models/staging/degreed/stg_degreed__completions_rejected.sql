{{ rejected_records('degreed', 'base_degreed__completions') }}
