"""Find people's identifiers in a DuckDB database or in raw files, by value.

Used by the privacy and erasure tests. A value "holds" an identifier when the
identifier occurs in it as a whole token, case-insensitively: not inside a
longer identifier (jo@acme.example is not in ajo@acme.example), the same rule
as macros/privacy/erasure.sql.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

# Characters that continue an identifier: a token must not touch one.
TOKEN_CHARS = "a-z0-9._%+-"
DEFAULT_SALT = "certgap-public-default-salt"


@dataclass(frozen=True)
class Finding:
    relation: str
    column: str
    value: str
    identifier: str

    def __str__(self) -> str:
        return f"{self.relation}.{self.column} = {self.value!r} holds {self.identifier!r}"


def token_pattern(identifiers: Iterable[str]) -> str:
    """One regular expression (lower case) that finds any of `identifiers` as a token."""
    alternatives = sorted({re.escape(i.lower()) for i in identifiers if i}, key=len, reverse=True)
    if not alternatives:
        raise ValueError("no identifiers to look for")
    return f"(^|[^{TOKEN_CHARS}])({'|'.join(alternatives)})($|[^{TOKEN_CHARS}])"


def person_key(employee_id: str, salt: str = DEFAULT_SALT) -> str:
    """macros/privacy/person_key.sql on DuckDB: md5 of '<salt>|<employee id>'."""
    return hashlib.md5(f"{salt}|{employee_id}".encode()).hexdigest()


def relations(
    con: duckdb.DuckDBPyConnection, schemas: Iterable[str] | None = None
) -> list[tuple[str, str]]:
    """(schema, name) of every table and view, optionally only in `schemas`."""
    rows = con.sql(
        "select table_schema, table_name from information_schema.tables "
        "where table_catalog = current_database() order by 1, 2"
    ).fetchall()
    wanted = set(schemas) if schemas is not None else None
    return [(s, t) for s, t in rows if wanted is None or s in wanted]


def scan_database(
    con: duckdb.DuckDBPyConnection,
    identifiers: Iterable[str],
    *,
    schemas: Iterable[str] | None = None,
    skip: Iterable[str] = (),
) -> list[Finding]:
    """Every value of every column of every relation (in `schemas`) holding one of
    `identifiers`; `skip` lists 'schema.name' relations not to read."""
    identifiers = [i.lower() for i in identifiers if i]
    pattern = token_pattern(identifiers)
    finder = re.compile(pattern)
    findings: list[Finding] = []
    skipped = set(skip)
    for schema, name in relations(con, schemas):
        relation = f'"{schema}"."{name}"'
        if f"{schema}.{name}" in skipped:
            continue
        columns = [
            c
            for (c,) in con.sql(
                "select column_name from information_schema.columns "
                f"where table_schema = '{schema}' and table_name = '{name}'"
            ).fetchall()
        ]
        for column in columns:
            text = f'lower(cast("{column}" as varchar))'
            hits = con.sql(
                f"select distinct {text} from {relation} "
                f"where regexp_matches({text}, $pattern) limit 5",
                params={"pattern": pattern},
            ).fetchall()
            for (value,) in hits:
                match = finder.search(value)
                findings.append(
                    Finding(f"{schema}.{name}", column, value, match.group(2) if match else "?")
                )
    return findings


def raw_lines(raw_dir: Path, source: str) -> Iterator[tuple[str, int, str]]:
    """(file relative to raw_dir, 1-based physical line, text) of a source's
    non-blank lines, numbered as macros/raw/read_raw_lines.sql numbers them."""
    for path in sorted((raw_dir / source).iterdir()):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8", newline="") as handle:
            for number, line in enumerate(handle.read().split("\n"), start=1):
                line = line.removesuffix("\r")
                if line.strip():
                    yield f"{source}/{path.name}", number, line


@dataclass(frozen=True)
class Person:
    employee_id: str
    identifiers: frozenset[str]  # e-mails, UPNs, logins, hashes, ids, as sources write them
    names: frozenset[str]


def people_from_truth(raw_dir: Path) -> dict[str, Person]:
    """Everyone the generator planted, with every identifier any source uses for
    them (_truth/identities.csv) and the display names sources show for them."""
    identifiers: dict[str, set[str]] = {}
    with open(raw_dir / "_truth" / "identities.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["status"] == "matched":
                identifiers.setdefault(row["employee_id"], {row["employee_id"].lower()}).add(
                    row["identifier"].lower()
                )
    email_owner = {
        identifier: employee_id
        for employee_id, found in identifiers.items()
        for identifier in found
        if "@" in identifier
    }
    names = _display_names(raw_dir, email_owner)
    return {
        employee_id: Person(employee_id, frozenset(found), frozenset(names.get(employee_id, ())))
        for employee_id, found in identifiers.items()
    }


def _display_names(raw_dir: Path, email_owner: dict[str, str]) -> dict[str, set[str]]:
    """Names next to e-mails in the M365 Copilot report and the Okta log."""
    names: dict[str, set[str]] = {}
    for _, number, line in raw_lines(raw_dir, "m365_copilot"):
        if number == 1:
            header = next(csv.reader([line]))
            continue
        row = dict(zip(header, next(csv.reader([line])), strict=False))
        owner = email_owner.get((row.get("User Principal Name") or "").lower())
        if owner and row.get("Display Name"):
            names.setdefault(owner, set()).add(row["Display Name"].lower())
    for _, _, line in raw_lines(raw_dir, "okta"):
        try:
            actor = json.loads(line).get("actor") or {}
        except (ValueError, AttributeError):
            continue
        owner = email_owner.get(str(actor.get("alternateId", "")).lower())
        if owner and actor.get("displayName"):
            names.setdefault(owner, set()).add(str(actor["displayName"]).lower())
    return names
