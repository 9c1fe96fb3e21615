"""Staging reads every raw record once: staged, rejected with a reason, or removed
on purpose, and never leaks the proxy prompt."""

from __future__ import annotations

import csv
import gzip
import json
import re
from pathlib import Path

import pytest
from certgap_testkit import WITHOUT_UNIT_TESTS, Build, failure_messages, generate_sample, run_dbt

SOURCES = [
    "lrs",
    "coursera",
    "udemy",
    "linkedin_learning",
    "degreed",
    "open_badges",
    "credly",
    "hris",
    "m365_copilot",
    "ai_activity",
    "okta",
    "proxy",
    "identity_crosswalk",
    "ai_seats",
]
CSV_SOURCES = {
    "coursera",
    "udemy",
    "degreed",
    "hris",
    "m365_copilot",
    "ai_activity",
    "proxy",
    "identity_crosswalk",
}
PAGE_SOURCES = {"linkedin_learning": "elements", "credly": "data", "ai_seats": "seats"}
# Sources whose folder mixes CSV downloads and JSON API pages (*.json[.gz]).
MIXED_PAGE_SOURCES = {"m365_copilot": "value"}
STAGING_ONLY = [
    "build",
    "--select",
    "+path:models/staging",
    "--indirect-selection",
    "cautious",
    *WITHOUT_UNIT_TESTS,
]


def _open_text(path: Path):
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return path.open(encoding="utf-8", newline="")


def is_json_page(path: Path, source: str) -> bool:
    if source in PAGE_SOURCES:
        return True
    name = path.name.lower()
    return source in MIXED_PAGE_SOURCES and name.endswith((".json", ".json.gz"))


def count_page_records(text: str, array_key: str) -> int:
    """The elements of a page's array; a file that is not such a page is one
    (rejected) record."""
    try:
        page = json.loads(text)
    except json.JSONDecodeError:
        return 1
    elements = page.get(array_key) if isinstance(page, dict) else None
    return len(elements) if isinstance(elements, list) else 1


def count_raw_records(folder: Path, source: str) -> int:
    """Records in a source's raw files, counted without dbt: non-blank lines
    (less the header for CSV/TSV), or array elements for one-page-a-file JSON."""
    total = 0
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        with _open_text(path) as handle:
            text = handle.read()
        if is_json_page(path, source):
            array_key = PAGE_SOURCES.get(source) or MIXED_PAGE_SOURCES[source]
            total += count_page_records(text, array_key)
            continue
        lines = [line for line in text.splitlines() if line.strip()]
        total += len(lines) - (1 if source in CSV_SOURCES else 0)
    return total


def staging_relations(build: Build, source: str, prefix: str) -> list[str]:
    rows = build.query(
        "select table_name from information_schema.tables "
        "where table_schema = 'staging' "
        f"and table_name like '{prefix}_{source}\\_\\_%' escape '\\' "
        "order by table_name"
    )
    return [name for (name,) in rows]


@pytest.mark.parametrize("source", SOURCES)
def test_every_raw_record_is_read_once(built_sample: Build, source: str) -> None:
    """rows read (counted in Python) = distinct (file, line) in the base model,
    which the dbt test `reconciles_with_raw` splits into staged + rejected + removed."""
    base_models = staging_relations(built_sample, source, "base")
    assert base_models, f"no base model for {source}"
    read_by_dbt = built_sample.scalar(
        "select count(*) from ("
        + " union ".join(
            # line -1: a microbatch parse step's record of the file itself
            f"select distinct _source_file, _source_line from staging.{m} where _source_line >= 0"
            for m in base_models
        )
        + ")"
    )
    assert read_by_dbt == count_raw_records(built_sample.raw_dir / source, source)


@pytest.mark.parametrize("source", SOURCES)
def test_every_source_stages_rows(built_sample: Build, source: str) -> None:
    staged = [m for m in staging_relations(built_sample, source, "stg") if "rejected" not in m]
    assert staged, f"no staging model for {source}"
    for model in staged:
        assert built_sample.scalar(f"select count(*) from staging.{model}") > 0, model


def test_the_prompt_canary_is_nowhere(built_sample: Build) -> None:
    """Every column of every table and view, whatever its schema, is scanned."""
    canary = json.loads((built_sample.raw_dir / "truth.json").read_text())["parameters"][
        "prompt_canary"
    ]
    assert canary, "the sample must be generated with --prompt-canary"
    proxy_files = sorted((built_sample.raw_dir / "proxy").iterdir())
    with _open_text(proxy_files[0]) as handle:
        assert canary in handle.read(), "the canary must really be in the raw proxy file"
    columns = built_sample.query(
        "select table_schema, table_name, column_name from information_schema.columns "
        "where table_catalog = current_database() order by 1, 2, 3"
    )
    assert len(columns) > 100
    leaks = []
    with built_sample.connect() as con:
        for schema, table, column in columns:
            hits = con.sql(
                f'select count(*) from "{schema}"."{table}" '
                f"where cast(\"{column}\" as varchar) like '%{canary}%'"
            ).fetchall()[0][0]
            if hits:
                leaks.append(f"{schema}.{table}.{column}")
    assert leaks == []


@pytest.fixture(scope="module")
def bad_rows_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # 1,000 people so that every source, even Credly's few dozen badges, gets
    # broken rows; with this seed each source's planted share is 1.4-3.3 %.
    return generate_sample(
        tmp_path_factory.mktemp("raw_bad"), employees=1000, days=120, seed=12, bad_rows=0.02
    )


def _bad_build(raw: Path, tmp_path: Path) -> Build:
    return Build(raw_dir=raw, db_path=tmp_path / "bad.duckdb", target_path=tmp_path / "target")


def test_bad_rows_fail_the_build_at_the_default_reject_rate(
    bad_rows_sample: Path, tmp_path: Path
) -> None:
    result = run_dbt(_bad_build(bad_rows_sample, tmp_path), STAGING_ONLY)
    assert not result.success
    messages = "\n".join(failure_messages(result))
    assert "above max_reject_rate 0.01" in messages
    # names the source, the file and the commonest reason
    assert "Source '" in messages and "Most rejects are in file '" in messages
    assert "commonest reason: " in messages
    # ... and the model to read the rejects in, which the failed build keeps
    # (the gate runs after the commit) with the named file among them.
    named = re.findall(r"file '([^']+)'; .*?See (staging\.\w+_rejected) for each", messages)
    assert named, messages
    build = _bad_build(bad_rows_sample, tmp_path)
    for worst_file, model in named:
        files = {f for (f,) in build.query(f"select distinct _source_file from {model}")}
        assert worst_file in files, (model, worst_file)


def test_each_planted_bad_row_is_rejected_with_its_reason(
    bad_rows_sample: Path, tmp_path: Path
) -> None:
    build = _bad_build(bad_rows_sample, tmp_path)
    result = run_dbt(build, STAGING_ONLY, dbt_vars={"max_reject_rate": 0.05})
    assert result.success, "\n".join(failure_messages(result))

    with (bad_rows_sample / "_truth" / "bad_rows.csv").open(newline="") as handle:
        planted = list(csv.DictReader(handle))
    assert {row["source"] for row in planted} == set(SOURCES)

    rejected: set[tuple[str, str, int, str]] = set()
    for source in SOURCES:
        for model in staging_relations(build, source, "stg"):
            if model.endswith("_rejected"):
                rejected |= {
                    (source, f, int(line), reason)
                    for f, line, reason in build.query(
                        f"select _source_file, _source_line, _reject_reason from staging.{model}"
                    )
                }
    missing = [
        row
        for row in planted
        if (row["source"], row["file"], int(row["line"]), row["kind"]) not in rejected
    ]
    assert missing == [], f"{len(missing)} planted bad rows not rejected as planted: {missing[:5]}"

    for source in SOURCES:
        assert count_raw_records(bad_rows_sample / source, source) == build.scalar(
            "select count(*) from ("
            + " union ".join(
                f"select distinct _source_file, _source_line from staging.{m} "
                "where _source_line >= 0"  # line -1: the file's own record
                for m in staging_relations(build, source, "base")
            )
            + ")"
        ), source
