"""The real-shape fixtures build, and every data test passes on them."""

from __future__ import annotations

from conftest import RealExportsBuild


def test_every_data_test_passes_on_real_shapes(real_exports: RealExportsBuild) -> None:
    assert real_exports.test_failures == []
