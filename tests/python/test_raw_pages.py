"""JSON page sources are read whole (read_raw_pages: DuckDB's read_text, one
call for the folder) and must give each page exactly the text the line reader
gave (read_raw_lines joined by line feeds), whatever the file's bytes: CRLF,
blank and space-only lines, a byte-order mark, a page on one line, a gzipped
page, a file of nothing but blank lines (no page), a file that is not JSON."""

from __future__ import annotations

import gzip
from pathlib import Path

from certgap_testkit import Build, failure_messages, run_dbt

BOM = "\ufeff"
PAGES = {
    "crlf.json": '{"data": [\r\n  {"id": 1},\r\n\r\n  {"id": 2}\r\n]}\r\n',
    "blank_lines.json": '\n\n{"data": [\n   \n{"id": 3}]}\n\n',
    "bom.json": BOM + '{"data": [{"id": 4}]}\n',
    "one_line_no_newline.json": '{"data": [{"id": 5}]}',
    "trailing_spaces.json": '{"data": [{"id": 6}]}   \n',
    "only_blank_lines.json": "\n  \n\n",
    "empty.json": "",
    "not_json.json": "id,name\r\n7,seven\r\n",
}
GZIPPED = {"packed.json.gz": '{"data": [\r\n{"id": 8}\r\n]}\r\n'}

BOTH_WAYS = """
with
whole as (select * from {{ read_raw_pages(source('credly', 'issued_badges')) }}),
by_line as (
    select * from {{ raw_lines_as_pages(
        read_raw_lines(source('credly', 'issued_badges'), materialized=false)
    ) }}
),
only_whole as (select * from whole except all select * from by_line),
only_by_line as (select * from by_line except all select * from whole)
select
    (select count(*) from whole) as pages,
    (select count(*) from only_whole) as only_whole,
    (select count(*) from only_by_line) as only_by_line
"""


def test_pages_read_whole_equal_the_lines_joined(tmp_path: Path) -> None:
    folder = tmp_path / "raw" / "credly"
    folder.mkdir(parents=True)
    for name, text in PAGES.items():
        (folder / name).write_bytes(text.encode("utf-8"))
    for name, text in GZIPPED.items():
        (folder / name).write_bytes(gzip.compress(text.encode("utf-8")))
    build = Build(
        raw_dir=tmp_path / "raw", db_path=tmp_path / "pages.duckdb", target_path=tmp_path / "t"
    )
    shown = run_dbt(build, ["show", "--inline", BOTH_WAYS])
    assert shown.success, failure_messages(shown)
    pages, only_whole, only_by_line = shown.result.results[0].agate_table.rows[0]
    # every file but the two with no line is a page
    assert (pages, only_whole, only_by_line) == (len(PAGES) + len(GZIPPED) - 2, 0, 0)
