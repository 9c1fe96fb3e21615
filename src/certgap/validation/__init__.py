"""Great Expectations suites for certgap's marts and event staging models (issue #6)."""
