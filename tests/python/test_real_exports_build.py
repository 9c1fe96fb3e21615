"""The real-shape fixtures build, and every data test passes on them."""

from __future__ import annotations

from conftest import RealExportsBuild


def test_every_data_test_passes_on_real_shapes(real_exports: RealExportsBuild) -> None:
    assert real_exports.test_failures == []


def test_fixture_people_do_not_share_an_identifier() -> None:
    """Two fixture employees with one e-mail, UPN or login would make that
    identifier ambiguous and silently unmatch both."""
    import csv
    from collections import Counter

    from conftest import REAL_EXPORTS

    with (REAL_EXPORTS / "hris" / "workers_2026-01.csv").open(newline="") as handle:
        workers = list(csv.DictReader(handle))
    for column in ("EmployeeId", "PersonId", "UPN", "NetworkLogin"):
        shared = [v for v, n in Counter(w[column].lower() for w in workers).items() if n > 1]
        assert shared == [], column
