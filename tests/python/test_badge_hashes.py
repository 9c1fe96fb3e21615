"""int_badge_hashes_matched reuses what the previous build tried (issue #7).

Hashing every known e-mail with every badge salt is the costliest step of a
build, so on DuckDB a build hashes only the badges and e-mails its previous
build had not tried. Here the previous state is doctored (badges and e-mails
forgotten, a badge and an e-mail that no longer exist added) and one rebuild
must give exactly the table a from-scratch build gives.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import duckdb
from certgap_testkit import Build, failure_messages, run_dbt

MODEL = "int_badge_hashes_matched"
TABLE = f"intermediate.{MODEL}"


def rows(build: Build) -> list[tuple]:
    return sorted(build.query(f"select * from {TABLE}"), key=repr)


def rebuild(build: Build, *extra: str) -> str:
    """Rebuild the model alone; return its compiled select."""
    result = run_dbt(build, ["run", "--select", MODEL, *extra])
    assert result.success, "\n".join(failure_messages(result))
    compiled = next(build.target_path.glob(f"compiled/**/identity/{MODEL}.sql"))
    return compiled.read_text()


def test_rebuild_from_a_doctored_previous_state_equals_a_full_build(
    built_sample: Build, tmp_path: Path
) -> None:
    build = replace(
        built_sample, db_path=tmp_path / "certgap.duckdb", target_path=tmp_path / "target"
    )
    shutil.copyfile(built_sample.db_path, build.db_path)
    expected = rows(build)
    matched = [r for r in expected if r[0] is not None and r[2] is not None]
    assert len(matched) >= 20, "the sample should have badges that match an e-mail"

    con = duckdb.connect(str(build.db_path))
    try:
        # forget 10 matched badges and 10 e-mails that matched a badge, so the
        # rebuild must hash new badges with every e-mail and new e-mails with
        # every salt; plus a badge and an e-mail that exist no more
        con.execute(
            f"delete from {TABLE} where identifier in "
            f"(select identifier from {TABLE} where email is not null "
            "and identifier is not null order by identifier limit 10)"
        )
        con.execute(
            f"delete from {TABLE} where email in "
            f"(select email from {TABLE} where email is not null "
            "and identifier is not null order by email desc limit 10)"
        )
        con.execute(
            f"insert into {TABLE} values "
            "('sha256$00', 'gone-salt', 'gone@example.com'), (null, null, 'left@example.com')"
        )
        doctored = con.execute(f"select count(*) from {TABLE}").fetchone()[0]
    finally:
        con.close()
    assert doctored != len(expected)

    sql = rebuild(build)
    assert "from no_previous_build" not in sql, "the rebuild should start from the previous table"
    assert rows(build) == expected

    sql = rebuild(build, "--full-refresh")
    assert "from no_previous_build" in sql, "a full refresh must hash everything"
    assert rows(build) == expected
