"""The layering and documentation rules of DESIGN.md, read from dbt's manifest:

- every column of every mart (models/marts/, restricted included) is described,
  and every mart enforces its contract;
- only staging models call source();
- no mart reads a staging model directly (marts read intermediate and marts);
- every macro of the project (macros/ and the generic tests of tests/generic/)
  is described in macros/_macros.yml, with each argument of its signature
  named, typed and described;
- every staging source has a `_rejected` model whose post-hook is the
  reject-rate gate of that source, of the kind the engine's views run;
- every raw folder a microbatch model reads is one `certgap publish` takes its
  build window from (raw_window.MICROBATCH_SOURCES): a folder it does not know
  would be loaded only up to today's date, and the check would not say why.

Each rule is a function of the manifest, run on the project's real manifest
and on a doctored one that breaks it, so each can be seen to fail.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jinja2
import pytest
from certgap_testkit import Build, failure_messages, run_dbt
from dbt.parser.schemas import is_valid_type
from dbt_common.clients.jinja import get_environment
from spark_testkit import skip_or_fail_without_spark

from certgap.raw_window import MICROBATCH_SOURCES

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


def signature(macro: dict[str, Any]) -> list[str]:
    """The argument names of a macro as its Jinja defines them (dbt leaves
    `arguments` to what the YAML says, and extracts nothing for generic tests)."""
    tree = get_environment().parse(macro["macro_sql"])
    return [arg.name for arg in next(tree.find_all(jinja2.nodes.Macro)).args]


def undocumented_macros(manifest: Manifest) -> list[str]:
    """What macros/_macros.yml misses, one line per gap: a project macro without
    a description, an argument of its signature not documented (or without a
    type or description), a documented argument it does not have, a type dbt
    does not know."""
    gaps = []
    for macro in manifest["macros"].values():
        if macro["package_name"] != "certgap":
            continue
        name = macro["name"]
        if not (macro.get("description") or "").strip():
            gaps.append(f"{name}: no description")
        documented = {arg["name"]: arg for arg in macro.get("arguments") or []}
        actual = signature(macro)
        for arg in actual:
            doc = documented.get(arg)
            if doc is None:
                gaps.append(f"{name}({arg}): not documented")
                continue
            if not (doc.get("description") or "").strip():
                gaps.append(f"{name}({arg}): no description")
            if not (doc.get("type") or "").strip():
                gaps.append(f"{name}({arg}): no type")
            elif not is_valid_type(doc["type"]):
                gaps.append(f"{name}({arg}): type {doc['type']!r} is not a dbt macro type")
        gaps += [
            f"{name}({arg}): documented, not an argument" for arg in documented if arg not in actual
        ]
    return sorted(gaps)


def reject_gate_gaps(manifest: Manifest, *, after_commit: bool) -> list[str]:
    """Staging sources without a `_rejected` model gated by their own
    check_reject_rate post-hook, and gates of the wrong kind: after the commit
    where views run such hooks (DuckDB: a build the gate fails keeps the rejects
    to read), in the transaction where they run only those (Spark: an
    after-commit gate would never run)."""
    staging = [n for n in models(manifest) if in_folder(n, "staging")]
    rejected = [n for n in staging if n["name"].endswith("_rejected")]
    gaps = [
        f"{source}: no _rejected model"
        for source in sorted({n["fqn"][2] for n in staging} - {n["fqn"][2] for n in rejected})
    ]
    for node in rejected:
        source = node["fqn"][2]
        hooks = [h for h in node["config"]["post-hook"] if "check_reject_rate(" in h["sql"]]
        if len(hooks) != 1 or f"check_reject_rate('{source}'" not in hooks[0]["sql"]:
            gaps.append(f"{node['name']}: not gated by check_reject_rate('{source}', ...)")
        elif hooks[0]["transaction"] == after_commit:
            gaps.append(f"{node['name']}: a gate its engine's views do not run after the commit")
    return sorted(gaps)


def microbatch_folders_publish_ignores(manifest: Manifest) -> list[str]:
    """'model -> folder' for each raw folder (a source's identifier) a microbatch
    model reads that is not in MICROBATCH_SOURCES."""
    gaps = []
    for node in models(manifest):
        if node["config"].get("incremental_strategy") != "microbatch":
            continue
        for parent in node["depends_on"]["nodes"]:
            if parent.startswith("source."):
                folder = manifest["sources"][parent]["identifier"]
                if folder not in MICROBATCH_SOURCES:
                    gaps.append(f"{node['name']} -> {folder}")
    return sorted(gaps)


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


def test_every_macro_and_argument_is_documented(manifest: Manifest) -> None:
    gaps = undocumented_macros(manifest)
    assert gaps == [], (
        "Document these in macros/_macros.yml (description, and each argument's name, "
        "type and description):\n  " + "\n  ".join(gaps)
    )


def test_publish_knows_every_microbatch_folder(manifest: Manifest) -> None:
    assert any(n["config"].get("incremental_strategy") == "microbatch" for n in models(manifest))
    assert microbatch_folders_publish_ignores(manifest) == []
    doctored = copy.deepcopy(manifest)
    udemy = doctored["nodes"]["model.certgap.base_udemy__enrollments"]
    udemy["config"]["incremental_strategy"] = "microbatch"
    folder = doctored["sources"]["source.certgap.udemy.course_activity"]["identifier"]
    assert microbatch_folders_publish_ignores(doctored) == [f"base_udemy__enrollments -> {folder}"]


def test_every_source_is_gated_by_its_reject_rate(manifest: Manifest) -> None:
    assert len([n for n in models(manifest) if n["name"].endswith("_rejected")]) >= 14
    assert reject_gate_gaps(manifest, after_commit=True) == []


@pytest.mark.spark
def test_on_spark_the_reject_gate_runs_in_the_views_transaction(tmp_path: Path) -> None:
    """Parses the spark target, so it needs dbt-spark (make test-spark installs it;
    the clean clone's pytest stage runs before that)."""
    skip_or_fail_without_spark()
    build = Build(
        raw_dir=tmp_path / "raw",
        db_path=tmp_path / "unused.duckdb",
        target_path=tmp_path / "target",
    )
    result = run_dbt(build, ["parse", "--target", "spark"])
    assert result.success, "dbt parse failed:\n" + "\n".join(failure_messages(result))
    spark = json.loads((build.target_path / "manifest.json").read_text())
    assert reject_gate_gaps(spark, after_commit=False) == []


def test_the_reject_gate_rule_fails_on_a_doctored_manifest(manifest: Manifest) -> None:
    doctored = copy.deepcopy(manifest)
    nodes = doctored["nodes"]
    nodes["model.certgap.stg_udemy__enrollments_rejected"]["config"]["post-hook"] = []
    nodes["model.certgap.stg_okta__ai_sso_events_rejected"]["config"]["post-hook"][0][
        "transaction"
    ] = True
    del nodes["model.certgap.stg_proxy__ai_requests_rejected"]

    assert reject_gate_gaps(doctored, after_commit=True) == [
        "proxy: no _rejected model",
        "stg_okta__ai_sso_events_rejected: a gate its engine's views do not run after the commit",
        "stg_udemy__enrollments_rejected: not gated by check_reject_rate('udemy', ...)",
    ]


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


def test_the_macro_rule_fails_on_a_doctored_manifest(manifest: Manifest) -> None:
    doctored = copy.deepcopy(manifest)
    macros = doctored["macros"]
    macros["macro.certgap.valid_at"]["description"] = ""
    person_key = macros["macro.certgap.person_key"]
    person_key["arguments"] = []
    test = macros["macro.certgap.test_is_rate"]
    test["arguments"][1]["type"] = "text"
    test["arguments"].append({"name": "threshold", "type": "float", "description": "x"})
    # A macro of another package is not the project's to document.
    macros["macro.dbt.current_timestamp"]["description"] = ""

    assert undocumented_macros(doctored) == [
        "person_key(employee_id_expr): not documented",
        "test_is_rate(column_name): type 'text' is not a dbt macro type",
        "test_is_rate(threshold): documented, not an argument",
        "valid_at: no description",
    ]
