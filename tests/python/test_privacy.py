"""Privacy by construction: no value in schema `marts` (what BI users are
granted) is or contains an e-mail, UPN, login, employee id or name of anyone
in the HRIS. Values are scanned, not column names. The people and their
identifiers come from the generator's _truth/ (every identifier any source
uses for them) and the names sources show next to their e-mails.

restricted.person_directory holds exactly those identifiers (the scan finds
them there), and person_key is a salted hash that changes with the salt.
Team and manager suppression is asserted in test_shadow_and_managers.py.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest
from certgap_testkit import Build, environment, failure_messages, run_dbt
from privacy_scan import Person, people_from_truth, person_key, relations, scan_database


@pytest.fixture(scope="module")
def people(built_sample: Build) -> dict[str, Person]:
    return people_from_truth(built_sample.raw_dir)


def identifiers_of(people: dict[str, Person]) -> set[str]:
    found: set[str] = set()
    for person in people.values():
        found |= person.identifiers | person.names
    return found


def test_the_scan_covers_everyone(people: dict[str, Person]) -> None:
    identifiers = identifiers_of(people)
    assert len(people) >= 500
    assert any("@" in i for i in identifiers) and any("\\" in i for i in identifiers)
    assert sum(1 for p in people.values() if p.names) >= len(people) * 0.8


def test_marts_hold_no_personal_identifier(built_sample: Build, people: dict[str, Person]) -> None:
    with built_sample.connect() as con:
        schemas = {
            s
            for (s,) in con.sql(
                "select distinct table_schema from information_schema.tables"
            ).fetchall()
        }
        findings = scan_database(con, identifiers_of(people), schemas={"marts"})
        scanned = {name for _, name in relations(con, {"marts"})}
    assert "marts" in schemas
    # the seat and depth marts are scanned like every other
    assert {"mart_seat_utilization", "mart_certification_gap_cost", "mart_usage_depth"} <= scanned
    assert not findings, "personal data in marts:\n" + "\n".join(map(str, findings[:20]))


def test_restricted_directory_holds_them(built_sample: Build, people: dict[str, Person]) -> None:
    """The same scan on schema restricted finds e-mails, logins and names."""
    with built_sample.connect() as con:
        findings = scan_database(con, identifiers_of(people), schemas={"restricted"})
        directory = con.sql(
            "select employee_id, person_key, full_name from restricted.person_directory"
        ).fetchall()
    columns = {f.column for f in findings}
    assert {"employee_id", "work_email", "network_login", "full_name"} <= columns
    # person_key is the salted hash the marts carry, and names are the planted ones.
    for employee_id, key, full_name in directory[:50]:
        assert key == person_key(employee_id)
        if full_name is not None and employee_id in people:
            assert full_name.lower() in people[employee_id].names


def test_the_scan_reports_a_polluted_mart(
    built_sample: Build, people: dict[str, Person], tmp_path: Path
) -> None:
    """A copy of the database with an e-mail inside a mart value, and a name
    in another: the scan names the relation, the column and the person."""
    person = next(p for p in people.values() if p.names and any("@" in i for i in p.identifiers))
    email = sorted(i for i in person.identifiers if "@" in i)[0]
    name = sorted(person.names)[0]
    polluted = tmp_path / built_sample.db_path.name
    shutil.copy2(built_sample.db_path, polluted)
    con = duckdb.connect(str(polluted))
    try:
        con.sql(
            "create table marts.leak as select 'owner: ' || $email || ';' as note, "
            "upper($name) as who",
            params={"email": email, "name": name},
        )
        findings = scan_database(con, identifiers_of(people), schemas={"marts"})
    finally:
        con.close()
    assert {(f.relation, f.column, f.identifier) for f in findings} == {
        ("marts.leak", "note", email),
        ("marts.leak", "who", name),
    }


def test_person_key_is_salted_from_the_environment(built_sample: Build) -> None:
    """The salt comes from CERTGAP_PERSON_KEY_SALT, and without it every run
    warns that the public default is in use."""
    inline = "select {{ person_key(\"'E000001'\") }} as person_key"
    with environment({"CERTGAP_PERSON_KEY_SALT": "a-secret"}):
        salted = run_dbt(built_sample, ["show", "--inline", inline])
    assert salted.success, failure_messages(salted)
    key = salted.result.results[0].agate_table.rows[0][0]
    assert key == person_key("E000001", salt="a-secret") != person_key("E000001")

    log = (built_sample.target_path / "logs" / "dbt.log").read_text()
    warning = "CERTGAP_PERSON_KEY_SALT is not set"
    if os.environ.get("CERTGAP_PERSON_KEY_SALT"):
        assert warning not in log
    else:
        assert warning in log
