"""The benchmark's floor: DuckDB reads every raw file once, parsed, and nothing else.

No tool can produce the marts in less than one read of its input, so this is
the yardstick for the full build (`certgap bench`, step "floor"). One
query per source folder, with the dbt profile's DuckDB settings:

- CSV and TSV sources: `read_csv` with the header, every column as text
  (staging types the columns itself), gzip decompressed; every column of
  every row is materialised (`count(COLUMNS(*))`). The columns are those of
  the header (no sniffing); they are matched by name across files only when
  the files' headers differ. The proxy's `prompt`
  column is tokenised, as it must be to find the next line, but not kept.
- JSON sources: `read_json_objects`, which parses every record (a line of a
  .jsonl file, or a whole API response page) with DuckDB's JSON parser and
  fails on malformed JSON; the parsed records are measured (`sum(length)`).

Nothing is validated, deduplicated, joined or written: no tables, just the
read and the parse. A malformed file fails with DuckDB's error, which names
the file and the line.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import re
import sys
import time
from pathlib import Path

import duckdb

# folder -> (reader, options). Folders and formats: shared SOURCES.md.
SOURCES: dict[str, tuple[str, str]] = {
    "lrs": ("json", "newline_delimited"),
    "okta": ("json", "newline_delimited"),
    "open_badges": ("json", "newline_delimited"),
    "linkedin_learning": ("json", "auto"),
    "credly": ("json", "auto"),
    "ai_seats": ("json", "auto"),
    "coursera": ("csv", ","),
    "udemy": ("csv", ","),
    "degreed": ("csv", ","),
    "hris": ("csv", ","),
    "m365_copilot": ("csv", ","),
    "ai_activity": ("csv", ","),
    "proxy": ("csv", "\t"),
    "identity_crosswalk": ("csv", ","),
}
# Sources a company may not have (shared SOURCES.md, docs/data_owners.md): none
# read when their folder is empty or missing.
OPTIONAL = {"ai_seats", "identity_crosswalk"}

# Read from the gateway log only to find line ends, never kept (SOURCES.md).
NEVER_KEPT = {"proxy": "prompt"}


def headers(folder: Path, delim: str) -> set[tuple[str, ...]]:
    """The distinct header rows of a folder's CSV files (first line of each)."""
    found = set()
    for path in folder.iterdir():
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8", newline="") as lines:
            first = lines.readline().rstrip("\r\n")
        quoting = csv.QUOTE_NONE if delim == "\t" else csv.QUOTE_MINIMAL
        found.add(tuple(next(csv.reader([first], delimiter=delim, quoting=quoting))))
    return found


def floor_query(raw_dir: Path, source: str) -> str:
    reader, option = SOURCES[source]
    files = str(raw_dir / source / "*").replace("'", "''")
    if reader == "json":
        return (
            "select count(*) as records, sum(length(json)) as parsed_chars "
            f"from read_json_objects('{files}', format = '{option}')"
        )
    excluded = f" exclude ({NEVER_KEPT[source]})" if source in NEVER_KEPT else ""
    # The gateway log is plain tab-separated: a quote in a field is text.
    dialect = (
        "delim = chr(9), quote = '', escape = ''"
        if option == "\t"
        else "delim = ',', quote = '\"', escape = '\"'"
    )
    found = headers(raw_dir / source, option)
    if len(found) == 1:
        # One header: no sniffing, and a broken row fails naming file and line.
        names = ", ".join("'{}': 'VARCHAR'".format(n.replace("'", "''")) for n in found.pop())
        layout = f"columns = {{{names}}}, auto_detect = false"
    else:
        # Columns matched by name across files: costs a sniff of every file.
        layout = "all_varchar = true, union_by_name = true"
    return (
        f"select count(*) as records, count(columns(*{excluded})) "
        f"from read_csv('{files}', header = true, {layout}, {dialect}, compression = 'auto')"
    )


def first_bad_json_line(path: Path) -> str:
    """DuckDB 2.0 names the file of a malformed JSON record but not its line
    reliably (one too many), so the line is found again here."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            try:
                if line.strip():
                    json.loads(line)
            except json.JSONDecodeError as error:
                return f"line {number}: {error.msg}"
    return "a record spanning lines"


def where(message: str) -> str:
    """File, line and reason of a DuckDB read error, on one line."""
    json_file = re.search(r'Malformed JSON in file "([^"]+)"', message)
    if json_file:
        path = Path(json_file.group(1)).resolve()
        return f"{path}: {first_bad_json_line(path)}"
    csv_file = re.search(r"^\s*file = (.+)$", message, re.MULTILINE)
    csv_line = re.search(r"CSV Error on Line: (\d+)", message)
    reason = re.search(
        r"^(Expected Number of Columns.*|Value with unterminated quote.*)$", message, re.MULTILINE
    )
    if csv_file and csv_line:
        because = reason.group(1) if reason else message.splitlines()[0]
        path = Path(csv_file.group(1).strip()).resolve()
        return f"{path}: line {csv_line.group(1)}: {because}"
    return message


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the settings profiles/profiles.yml gives dbt."""
    con = duckdb.connect()
    memory = os.environ.get("CERTGAP_DUCKDB_MEMORY", "6GB")
    threads = int(os.environ.get("CERTGAP_DUCKDB_THREADS", "2"))
    con.sql(f"set memory_limit = '{memory}'")
    con.sql(f"set threads = {threads}")
    con.sql("set TimeZone = 'UTC'")
    con.sql("set preserve_insertion_order = true")
    return con


def read_floor(raw_dir: Path) -> list[dict[str, object]]:
    con = connect()
    measured = []
    for source in SOURCES:
        if not any((raw_dir / source).glob("*")):
            if source in OPTIONAL:
                measured.append({"source": source, "records": 0, "seconds": 0.0})
                continue
            raise SystemExit(f"floor: {raw_dir / source} holds no files")
        started = time.perf_counter()
        try:
            records = con.sql(floor_query(raw_dir, source)).fetchall()[0][0]
        except duckdb.InvalidInputException as error:
            raise SystemExit(f"floor: {source}: {where(str(error))}") from error
        seconds = time.perf_counter() - started
        measured.append({"source": source, "records": records, "seconds": round(seconds, 2)})
        print(f"floor: {source:<18} {records:>12,} records {seconds:8.1f} s", file=sys.stderr)
    return measured


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="certgap bench-floor", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--raw-dir", type=Path, required=True, help="one folder per source")
    parser.add_argument("--out-json", type=Path, required=True, help="per-source figures")
    args = parser.parse_args(argv)
    measured = read_floor(args.raw_dir)
    args.out_json.write_text(json.dumps(measured, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
