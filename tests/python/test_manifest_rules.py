"""The layering and documentation rules of DESIGN.md, read from dbt's manifest:

- every column of every mart (models/marts/, restricted included) is described,
  and every mart enforces its contract;
- only staging models call source();
- no mart reads a staging model directly (marts read intermediate and marts).

Each rule is a function of the manifest, run on the project's real manifest
and on a doctored one that breaks it, so each can be seen to fail.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from certgap_testkit import Build, failure_messages, run_dbt

Manifest = dict[str, Any]


def models(manifest: Manifest) -> list[dict[str, Any]]:
    return [n for n in manifest["nodes"].values() if n["resource_type"] == "model"]


def in_folder(node: dict[str, Any], folder: str) -> bool:
    return node["original_file_path"].startswith(f"models/{folder}/")


def undescribed_mart_columns(manifest: Manifest) -> list[str]:
    """'model.column' of every mart column without a description; a mart that
    documents no column at all counts as one undescribed '<model>.*'."""
    missing = []
    for node in models(manifest):
        if not in_folder(node, "marts"):
            continue
        if not node["columns"]:
            missing.append(f"{node['name']}.*")
        for name, column in node["columns"].items():
            if not (column.get("description") or "").strip():
                missing.append(f"{node['name']}.{name}")
    return sorted(missing)


def marts_without_contract(manifest: Manifest) -> list[str]:
    """Every mart relation BI can read has an enforced contract; an ephemeral
    step of a mart (a CTE, never a relation) cannot have one."""
    return sorted(
        node["name"]
        for node in models(manifest)
        if in_folder(node, "marts")
        and node["config"]["materialized"] != "ephemeral"
        and not node["config"]["contract"]["enforced"]
    )


def source_calls_outside_staging(manifest: Manifest) -> list[str]:
    """'model -> source' for every source() outside models/staging/."""
    return sorted(
        f"{node['name']} -> {parent}"
        for node in models(manifest)
        if not in_folder(node, "staging")
        for parent in node["depends_on"]["nodes"]
        if parent.startswith("source.")
    )


def marts_reading_staging(manifest: Manifest) -> list[str]:
    """'mart -> staging model' for every direct ref from a mart to staging."""
    staging = {n["unique_id"] for n in models(manifest) if in_folder(n, "staging")}
    return sorted(
        f"{node['name']} -> {parent}"
        for node in models(manifest)
        if in_folder(node, "marts")
        for parent in node["depends_on"]["nodes"]
        if parent in staging
    )


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> Manifest:
    work = tmp_path_factory.mktemp("manifest")
    build = Build(raw_dir=work / "raw", db_path=work / "unused.duckdb", target_path=work / "target")
    result = run_dbt(build, ["parse"])
    assert result.success, "dbt parse failed:\n" + "\n".join(failure_messages(result))
    return json.loads(Path(build.target_path / "manifest.json").read_text())


def a_node(manifest: Manifest, folder: str) -> dict[str, Any]:
    return next(n for n in models(manifest) if in_folder(n, folder) and n["columns"])


def test_the_rules_see_the_whole_project(manifest: Manifest) -> None:
    folders = {n["original_file_path"].split("/")[1] for n in models(manifest)}
    assert {"staging", "intermediate", "marts"} <= folders
    assert "person_directory" in {n["name"] for n in models(manifest) if in_folder(n, "marts")}


def test_every_mart_column_is_described(manifest: Manifest) -> None:
    assert undescribed_mart_columns(manifest) == []
    assert marts_without_contract(manifest) == []


def test_only_staging_calls_source(manifest: Manifest) -> None:
    assert source_calls_outside_staging(manifest) == []


def test_no_mart_reads_staging(manifest: Manifest) -> None:
    assert marts_reading_staging(manifest) == []


def test_each_rule_fails_on_a_doctored_manifest(manifest: Manifest) -> None:
    doctored = copy.deepcopy(manifest)
    mart = a_node(doctored, "marts")
    intermediate = a_node(doctored, "intermediate")
    staging = a_node(doctored, "staging")
    column = next(iter(mart["columns"]))
    mart["columns"][column]["description"] = " "
    mart["config"]["contract"]["enforced"] = False
    mart["depends_on"]["nodes"].append(staging["unique_id"])
    intermediate["depends_on"]["nodes"].append("source.certgap.hris.workers")

    assert undescribed_mart_columns(doctored) == [f"{mart['name']}.{column}"]
    assert marts_without_contract(doctored) == [mart["name"]]
    assert marts_reading_staging(doctored) == [f"{mart['name']} -> {staging['unique_id']}"]
    assert source_calls_outside_staging(doctored) == [
        f"{intermediate['name']} -> source.certgap.hris.workers"
    ]
