{{ rejected_records('ai_seats', 'base_ai_seats__seat_assignments') }}
