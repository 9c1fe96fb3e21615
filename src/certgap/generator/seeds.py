"""The dbt seeds the generator must use (read from ``<repo>/seeds``)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


class SeedError(ValueError):
    """A seed file is missing or has a bad row (message names file and line)."""


def _read(path: Path, required: list[str]) -> list[dict[str, str]]:
    if not path.exists():
        raise SeedError(f"{path}: seed file not found")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise SeedError(f"{path}:1: missing columns {missing}")
        rows = []
        for lineno, row in enumerate(reader, start=2):
            for col in required[:1]:
                if not row.get(col):
                    raise SeedError(f"{path}:{lineno}: empty {col}")
            rows.append({k: (v or "").strip() for k, v in row.items()})
    return rows


def _bool(value: str) -> bool:
    return value.strip().lower() in ("true", "1", "yes")


@dataclass(frozen=True)
class Tool:
    tool_id: str
    tool_name: str
    vendor: str
    is_sanctioned: bool
    offering: str
    okta_app_name: str


@dataclass(frozen=True)
class Host:
    host_suffix: str
    tool_id: str
    is_consumer: bool
    is_ambiguous: bool


@dataclass(frozen=True)
class Program:
    program_id: str
    program_name: str
    platform: str
    xapi_activity_iri: str
    coursera_course_id: str
    udemy_course_id: str
    linkedin_content_urn: str
    degreed_course_id: str
    credential_name: str
    is_assessment_backed: bool
    is_manager_reinforcement: bool

    def course_id(self, platform: str) -> str:
        return {
            "xapi": self.xapi_activity_iri,
            "coursera": self.coursera_course_id,
            "udemy": self.udemy_course_id,
            "linkedin_learning": self.linkedin_content_urn,
            "degreed": self.degreed_course_id,
        }.get(platform, "")

    @property
    def platforms(self) -> list[str]:
        """Primary platform first, then any other platform with a course id."""
        others = [
            p
            for p in ("xapi", "coursera", "udemy", "linkedin_learning", "degreed")
            if p != self.platform and self.course_id(p)
        ]
        return [self.platform, *others]


@dataclass(frozen=True)
class Seeds:
    tools: list[Tool]
    hosts: list[Host]
    programs: list[Program]
    program_tools: dict[str, list[str]]
    # tool_id -> seat price per month (ai_tool_licences); tools sold per seat
    licences: dict[str, float]

    def tool(self, tool_id: str) -> Tool:
        return next(t for t in self.tools if t.tool_id == tool_id)


def load(repo: Path) -> Seeds:
    folder = repo / "seeds"
    tools = [
        Tool(
            r["tool_id"],
            r["tool_name"],
            r["vendor"],
            _bool(r["is_sanctioned"]),
            r["offering"],
            r.get("okta_app_name", ""),
        )
        for r in _read(folder / "ai_tools.csv", ["tool_id", "tool_name", "is_sanctioned"])
    ]
    hosts = [
        Host(r["host_suffix"], r["tool_id"], _bool(r["is_consumer"]), _bool(r["is_ambiguous"]))
        for r in _read(folder / "ai_hosts.csv", ["host_suffix", "tool_id", "is_consumer"])
    ]
    programs = [
        Program(
            r["program_id"],
            r["program_name"],
            r["platform"],
            r.get("xapi_activity_iri", ""),
            r.get("coursera_course_id", ""),
            r.get("udemy_course_id", ""),
            r.get("linkedin_content_urn", ""),
            r.get("degreed_course_id", ""),
            r.get("credential_name", ""),
            _bool(r.get("is_assessment_backed", "")),
            _bool(r.get("is_manager_reinforcement", "")),
        )
        for r in _read(folder / "programs.csv", ["program_id", "program_name", "platform"])
    ]
    program_tools: dict[str, list[str]] = {p.program_id: [] for p in programs}
    tool_ids = {t.tool_id for t in tools}
    path = folder / "program_tools.csv"
    for lineno, r in enumerate(_read(path, ["program_id", "tool_id"]), start=2):
        if r["program_id"] not in program_tools or r["tool_id"] not in tool_ids:
            raise SeedError(f"{path}:{lineno}: unknown program or tool {r}")
        program_tools[r["program_id"]].append(r["tool_id"])
    for p in programs:
        if not p.course_id(p.platform):
            raise SeedError(f"{folder / 'programs.csv'}: {p.program_id} has no course id")
    licences = {}
    path = folder / "ai_tool_licences.csv"
    for lineno, r in enumerate(_read(path, ["tool_id", "seat_price_usd_per_month"]), start=2):
        if r["tool_id"] not in tool_ids:
            raise SeedError(f"{path}:{lineno}: unknown tool {r['tool_id']!r}")
        licences[r["tool_id"]] = float(r["seat_price_usd_per_month"])
    return Seeds(tools, hosts, programs, program_tools, licences)


def load_program_aus(folder: Path) -> dict[str, list[str]]:
    """The AU IRIs each program declares (``program_aus.csv``), in file order.

    A program listed there is completed by an xAPI learner once every one of
    its AUs is satisfied (docs: xapi_completion_rule); the generator writes
    those AUs for the program's cmi5 enrollments.
    """
    path = folder / "program_aus.csv"
    aus: dict[str, list[str]] = {}
    for r in _read(path, ["program_id", "au_activity_iri"]):
        aus.setdefault(r["program_id"], []).append(r["au_activity_iri"])
    return aus
