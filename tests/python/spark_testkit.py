"""Spark helpers for the Python tests: build with dbt-spark in this process, read what it built.

dbt-spark's `session` method runs pyspark in local mode inside the Python process that
calls dbt, so a test can build with dbtRunner and then query the very same SparkSession.
One process holds one JVM, and the JVM's static settings (warehouse folder, Derby
metastore folder, driver memory) are fixed when the first build starts it: every Spark
build of one pytest run therefore shares one `spark_dir`, and builds replace each
other's relations (same schema names). Compare a build before starting the next one.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from certgap_testkit import REPO, environment
from dbt.cli.main import dbtRunner, dbtRunnerResult

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

LOG4J_CONFIG = REPO / "profiles" / "spark-log4j2.properties"

# The spark_dir of the JVM this process started, if any (see the module docstring).
_jvm_spark_dir: Path | None = None
_shared_spark_dir: Path | None = None


def shared_spark_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The one warehouse-and-metastore folder of this pytest run, for every test module."""
    global _shared_spark_dir
    if _shared_spark_dir is None:
        _shared_spark_dir = tmp_path_factory.mktemp("spark")
    return _shared_spark_dir


def spark_missing_reason() -> str | None:
    """Why Spark builds cannot run here (None when they can)."""
    for module in ("pyspark", "dbt.adapters.spark"):
        try:
            found = importlib.util.find_spec(module) is not None
        except ModuleNotFoundError:
            found = False
        if not found:
            return f"{module} is not installed (make install-spark)"
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "no Java runtime (java on PATH or JAVA_HOME)"
    return None


def skip_or_fail_without_spark() -> None:
    """At the top of a Spark test module: skip it where Spark cannot run, unless
    CERTGAP_REQUIRE_SPARK is set (make test-spark sets it), where that is an error:
    a Spark run that silently skips every test proves nothing."""
    reason = spark_missing_reason()
    if reason is None:
        return
    if os.environ.get("CERTGAP_REQUIRE_SPARK"):
        pytest.fail(f"CERTGAP_REQUIRE_SPARK is set but {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


@dataclass(frozen=True)
class SparkBuild:
    """One dbt build on the `spark` target: its raw files, Spark folders and artefacts."""

    raw_dir: Path
    spark_dir: Path
    target_path: Path

    @property
    def warehouse(self) -> Path:
        return self.spark_dir / "warehouse"

    @property
    def metastore(self) -> Path:
        """derby.system.home: holds metastore_db/ and derby.log."""
        return self.spark_dir / "metastore"

    def env(self) -> dict[str, str]:
        return {
            "CERTGAP_TARGET": "spark",
            "CERTGAP_RAW_DIR": str(self.raw_dir),
            "CERTGAP_SPARK_WAREHOUSE": str(self.warehouse),
            "CERTGAP_SPARK_METASTORE": str(self.metastore),
            "CERTGAP_SPARK_LOG4J": str(LOG4J_CONFIG),
        }

    def session(self) -> SparkSession:
        """The process's SparkSession, started on this build's folders if none runs yet."""
        return spark_session(self.spark_dir)


def _claim_jvm(spark_dir: Path) -> None:
    global _jvm_spark_dir
    spark_dir = spark_dir.resolve()
    if _jvm_spark_dir is None:
        _jvm_spark_dir = spark_dir
    elif _jvm_spark_dir != spark_dir:
        raise RuntimeError(
            f"this process's Spark JVM already uses {_jvm_spark_dir}; a build on "
            f"{spark_dir} would silently write there too. Share one spark_dir per process."
        )


def spark_session(spark_dir: Path) -> SparkSession:
    """The SparkSession dbt-spark uses (same builder: Hive support, same folders)."""
    from pyspark.sql import SparkSession

    _claim_jvm(spark_dir)
    build = SparkBuild(raw_dir=Path(), spark_dir=spark_dir, target_path=Path())
    java_options = (
        f"-Dderby.system.home={build.metastore} -Duser.timezone=UTC "
        f"-Dlog4j2.configurationFile={LOG4J_CONFIG}"
    )
    return (
        SparkSession.builder.enableHiveSupport()
        .master("local[2]")
        .config("spark.sql.warehouse.dir", str(build.warehouse))
        .config("spark.driver.extraJavaOptions", java_options)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )


def run_dbt_spark(
    build: SparkBuild,
    args: Sequence[str],
    *,
    dbt_vars: dict[str, Any] | None = None,
    extra_env: Mapping[str, str] | None = None,
    project_dir: Path = REPO,
) -> dbtRunnerResult:
    """Invoke dbt in-process on the `spark` target, against `build`'s raw folder.

    `extra_env` sets more CERTGAP_SPARK_* variables for this run only (runtime SQL
    settings such as CERTGAP_SPARK_MAX_PARTITION_BYTES are applied to every statement
    dbt-spark runs, so they change between builds; static ones do not).
    """
    _claim_jvm(build.spark_dir)
    build.spark_dir.mkdir(parents=True, exist_ok=True)
    full_args = [
        *args,
        "--project-dir",
        str(project_dir),
        "--profiles-dir",
        str(project_dir / "profiles"),
        "--target-path",
        str(build.target_path),
        "--log-path",
        str(build.target_path / "logs"),
    ]
    if dbt_vars:
        full_args += ["--vars", json.dumps(dbt_vars)]
    with environment({**build.env(), **(extra_env or {})}):
        return dbtRunner().invoke(full_args)
