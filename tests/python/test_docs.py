"""`make docs`: dbt docs generate --static gives a catalog of the built marts and
one static page that opens without a server, with the doc blocks the pages of
docs/ link to (metric definitions) and every macro's description."""

from __future__ import annotations

import json
from pathlib import Path

from certgap_testkit import Build, failure_messages, run_dbt


def test_docs_generate_static(built_sample: Build, tmp_path: Path) -> None:
    # Own target folder: the shared build's artefacts stay as the build left them.
    docs = Build(built_sample.raw_dir, built_sample.db_path, tmp_path / "target")
    result = run_dbt(docs, ["docs", "generate", "--static"])
    assert result.success, "\n".join(failure_messages(result))

    catalog = json.loads((docs.target_path / "catalog.json").read_text())
    adoption = catalog["nodes"]["model.certgap.mart_program_adoption"]
    assert adoption["metadata"]["schema"] == "marts"
    assert {"completion_rate", "wau_90_rate", "certification_gap"} <= set(adoption["columns"])
    marts = [key for key, node in catalog["nodes"].items() if node["metadata"]["schema"] == "marts"]
    assert len(marts) >= 15, marts

    page = (docs.target_path / "static_index.html").read_text(encoding="utf-8")
    # The manifest and catalog are inlined, descriptions included.
    assert "mart_program_adoption" in page
    assert "certification gap" in page.lower()
    # The metric definitions are a doc block rendered into the mart's description.
    assert "Metric definitions (decisions worth knowing)" in page
    assert "{{ doc(" not in page
    # macros/_macros.yml: macro descriptions and their arguments.
    assert "Point-in-time join condition against an effective-dated" in page
