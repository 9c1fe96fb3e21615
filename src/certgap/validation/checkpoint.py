"""Run every suite as one GX checkpoint over frames read from the DuckDB file.

GX 1.24 has no DuckDB engine and its SQL data source fails through
duckdb-engine here (see NOTES.md), and a checkpoint passes one set of batch
parameters to all its validation definitions, so in-memory dataframes cannot
feed one checkpoint of many suites. So each suite's frame is written by DuckDB
to a Parquet file in a scratch folder, and an ephemeral GX context reads the
folder as a pandas filesystem data source: one parquet asset and one
validation definition per suite, all in one checkpoint whose UpdateDataDocsAction
writes the Data Docs site to `docs_dir`.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

# pyspark (in the venv for the Spark parity tests), imported by duckdb and GX when
# installed, warns about pandas 3 on import.
warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")

import duckdb  # noqa: E402 - after the filter above
import pandas as pd  # noqa: E402

from certgap.validation.suites import Suite  # noqa: E402

# GX would otherwise try to send usage statistics.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
import great_expectations as gx  # noqa: E402 - after the filter above
from great_expectations.checkpoint import UpdateDataDocsAction  # noqa: E402
from great_expectations.data_context.types.base import ProgressBarsConfig  # noqa: E402

Progress = Callable[[str], None]
DOCS_SITE = "certgap"


class UnreadableDatabase(Exception):
    """The --db file is not a DuckDB database (or cannot be opened)."""


@dataclass(frozen=True)
class SuiteOutcome:
    """One suite's result, for the summary table and the exit message."""

    suite: str
    evaluated: int
    passed: int
    failures: tuple[str, ...]

    @property
    def failed(self) -> int:
        return self.evaluated - self.passed

    @property
    def success(self) -> bool:
        return self.evaluated > 0 and not self.failures


def export_frames(
    db_path: Path, suites: Sequence[Suite], frames_dir: Path, progress: Progress
) -> dict[str, str]:
    """Write each suite's frame as Parquet; return the suites whose query failed
    (name -> DuckDB's message) so they are reported, not skipped."""
    errors: dict[str, str] = {}
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error as exc:
        raise UnreadableDatabase(f"cannot open {db_path} as a DuckDB database: {exc}") from exc
    try:
        for suite in suites:
            target = frames_dir / f"{suite.name}.parquet"
            progress(f"reading {suite.name}")
            try:
                con.sql(f"copy ({suite.frame_sql}) to '{target}' (format parquet)")
            except duckdb.Error as exc:
                errors[suite.name] = f"frame query failed: {str(exc).splitlines()[0]}"
    finally:
        con.close()
    return errors


def _context(docs_dir: Path) -> gx.data_context.EphemeralDataContext:
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    # The ephemeral context's default site writes to a temporary folder; replace it.
    for site in list(context.get_site_names()):
        context.delete_data_docs_site(site)
    context.add_data_docs_site(
        DOCS_SITE,
        {
            "class_name": "SiteBuilder",
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(docs_dir.resolve()),
            },
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        },
    )
    return context


def run_checkpoint(
    suites: Sequence[Suite], frames_dir: Path, docs_dir: Path, progress: Progress
) -> list[SuiteOutcome]:
    """Validate every exported frame in one checkpoint; build the Data Docs."""
    context = _context(docs_dir)
    source = context.data_sources.add_pandas_filesystem("frames", base_directory=frames_dir)
    definitions = []
    for suite in suites:
        asset = source.add_parquet_asset(suite.name)
        batch = asset.add_batch_definition_path(suite.name, path=f"{suite.name}.parquet")
        gx_suite = context.suites.add(
            gx.ExpectationSuite(
                name=suite.name,
                expectations=list(suite.expectations),
                meta={"notes": suite.description},
            )
        )
        definitions.append(
            context.validation_definitions.add(
                gx.ValidationDefinition(name=suite.name, data=batch, suite=gx_suite)
            )
        )
    checkpoint = context.checkpoints.add(
        gx.Checkpoint(
            name="certgap",
            validation_definitions=definitions,
            actions=[UpdateDataDocsAction(name="data_docs", site_names=[DOCS_SITE])],
            result_format={"result_format": "SUMMARY", "partial_unexpected_count": 3},
        )
    )
    progress(f"running checkpoint certgap over {len(definitions)} suites")
    result = checkpoint.run()
    by_name = {suite.name: suite for suite in suites}
    return [
        _outcome(run, _RowKeys(by_name[run.suite_name], frames_dir))
        for run in result.run_results.values()
    ]


class _RowKeys:
    """Names the failing rows by the suite's key (its grain),
    read back from the frame: GX's SUMMARY result gives only row positions."""

    def __init__(self, suite: Suite, frames_dir: Path) -> None:
        self.columns = suite.key_columns
        self.path = frames_dir / f"{suite.name}.parquet"

    def __call__(self, positions: Sequence[int]) -> list[str]:
        if not self.columns or not positions:
            return []
        frame = pd.read_parquet(self.path, columns=list(self.columns))
        return [
            ", ".join(f"{column}={frame.at[position, column]}" for column in self.columns)
            for position in positions
        ]


def _outcome(validation, row_keys: _RowKeys) -> SuiteOutcome:  # ExpectationSuiteValidationResult
    failures = tuple(_describe(r, row_keys) for r in validation.results if not r.success)
    passed = sum(1 for r in validation.results if r.success)
    return SuiteOutcome(validation.suite_name, len(validation.results), passed, failures)


def _describe(result, row_keys: _RowKeys) -> str:  # an ExpectationValidationResult that failed
    """`expectation(column) [rule]: what was seen`, e.g. for the exit message."""
    config = result.expectation_config
    kwargs = config.kwargs
    columns = kwargs.get("column_list") or [
        kwargs[k] for k in ("column", "column_A", "column_B") if kwargs.get(k)
    ]
    rule = (config.meta or {}).get("rule", "")
    text = f"{config.type}({', '.join(columns)})"
    if rule:
        text += f" [{rule}]"
    if kwargs.get("row_condition"):
        text += f" where {kwargs['row_condition']}"
    raised = result.exception_info.get("exception_message") if result.exception_info else None
    if raised:
        return f"{text}: error {raised}"
    seen = result.result or {}
    if "partial_unexpected_list" in seen:
        values = [_plain(value) for value in seen["partial_unexpected_list"]]
        keys = row_keys(seen.get("partial_unexpected_index_list") or [])
        examples = [f"{value} at {key}" for value, key in zip(values, keys, strict=True)] or values
        return f"{text}: {seen.get('unexpected_count')} rows break it, e.g. {'; '.join(examples)}"
    if "observed_value" in seen:
        return f"{text}: observed {_plain(seen['observed_value'])}"
    return text


def _plain(value: object) -> str:
    """numpy scalars (and tuples of them, for column pairs) as plain values."""
    if isinstance(value, tuple | list):
        return "(" + ", ".join(_plain(v) for v in value) + ")"
    item = getattr(value, "item", None)
    return repr(item() if callable(item) else value)
