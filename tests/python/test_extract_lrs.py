"""`certgap extract-lrs` against a real LRS (ralph) and a tiny stdlib HTTP server.

The ralph tests start `ralph runserver` with its file-system backend in a temporary
folder, POST generated xAPI 1.0.3 statements and run the extractor as a subprocess (a
three-line shim makes that backend append: see FS_APPEND_SHIM).
ralph is looked for in this order: $CERTGAP_RALPH_BIN, `ralph` on PATH, `python -m ralph`
in this interpreter, `<repo>/.venv-ralph/bin/ralph`. ralph-malph 5.1.0 cannot share a venv
with dbt-core 1.11.16 (click <8.2.1 against click >=8.3), so it normally lives in its own:

    python3.11 -m venv .venv-ralph && .venv-ralph/bin/pip install -r requirements-lrs.in

Without ralph those tests skip, unless CERTGAP_REQUIRE_RALPH=1 (set it in CI), which
turns the skip into a failure. The retry / refusal / boundary tests use a stdlib server
and always run. Everything listens on 127.0.0.1 only, with bounded waits.
"""

from __future__ import annotations

import base64
import hashlib
import http.server
import importlib.util
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from certgap_testkit import CERTGAP

REPO = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
USER = "certgap-reader"
PASSWORD = "s3cret-for-tests"
RUN_TIMEOUT_S = 120
SERVER_START_TIMEOUT_S = 60
RALPH_BIN_ENV = "CERTGAP_RALPH_BIN"
REQUIRE_RALPH_ENV = "CERTGAP_REQUIRE_RALPH"
STATE_NAME = ".lrs_watermark.json"

CMI5_VERBS = {
    "launched": "http://adlnet.gov/expapi/verbs/launched",
    "initialized": "http://adlnet.gov/expapi/verbs/initialized",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
    "terminated": "http://adlnet.gov/expapi/verbs/terminated",
    "abandoned": "https://w3id.org/xapi/adl/verbs/abandoned",
    "waived": "https://w3id.org/xapi/adl/verbs/waived",
    "satisfied": "https://w3id.org/xapi/adl/verbs/satisfied",
}
VOIDED = "http://adlnet.gov/expapi/verbs/voided"
CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
SESSION_EXT = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
OFFSETS = [
    UTC,
    timezone(timedelta(hours=5, minutes=30)),
    timezone(timedelta(hours=-8)),
    timezone(timedelta(hours=9)),
    timezone(timedelta(hours=-3, minutes=-30)),
    timezone(timedelta(hours=1)),
]


# --------------------------------------------------------------------------- helpers


def run_extractor(*args: str, password: str | None = PASSWORD) -> subprocess.CompletedProcess:
    """Run the script as a user would; the password travels in the environment."""
    env = {k: v for k, v in os.environ.items() if k != "CERTGAP_LRS_PASSWORD"}
    if password is not None:
        env["CERTGAP_LRS_PASSWORD"] = password
    return subprocess.run(
        [*CERTGAP, "extract-lrs", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        compact = json.dumps(json.loads(line), ensure_ascii=False, separators=(",", ":"))
        assert line == compact, f"{path.name}:{number} is not compact JSON"
    return [json.loads(line) for line in lines]


def data_files(out_dir: Path) -> list[Path]:
    return sorted(out_dir.glob("lrs_*.jsonl"))


def assert_no_leftovers(out_dir: Path) -> None:
    """Only finished pulls in DIR; no temporary file anywhere near it."""
    if out_dir.exists():
        strays = [p.name for p in out_dir.iterdir() if not p.name.endswith(".jsonl")]
        assert strays == [], f"files staging would read as data: {strays}"
    partials = [p.name for p in out_dir.parent.iterdir() if p.name.endswith(".partial")]
    assert partials == [], f"temporary pull files left behind: {partials}"


def stored_at(statement: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(statement["stored"].replace("Z", "+00:00"))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def basic_auth(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


# --------------------------------------------------------------------------- statements


def iso(moment: datetime, tz: tzinfo) -> str:
    text = moment.astimezone(tz).isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z") if tz is UTC else text


def make_actor(rng: random.Random, n: int) -> dict[str, Any]:
    """Every identifier SOURCES.md lists: mbox, mbox_sha1sum, openid, account, Group."""
    person = rng.randrange(40)
    kind = n % 5
    if kind == 0:
        return {
            "objectType": "Agent",
            "name": f"Learner {person}",
            "mbox": f"mailto:learner{person}@example.com",
        }
    if kind == 1:
        digest = hashlib.sha1(f"mailto:learner{person}@example.com".encode()).hexdigest()
        return {"objectType": "Agent", "mbox_sha1sum": digest}
    if kind == 2:
        return {
            "objectType": "Agent",
            "account": {"homePage": "https://lms.example.com", "name": f"emp-{person:05d}"},
        }
    if kind == 3:
        return {"objectType": "Agent", "openid": f"https://id.example.com/u/{person}"}
    return {
        "objectType": "Group",
        "name": f"Cohort {person % 4}",
        "mbox": f"mailto:cohort{person % 4}@example.com",
        "member": [
            {"objectType": "Agent", "mbox": f"mailto:learner{person}@example.com"},
            {
                "objectType": "Agent",
                "account": {"homePage": "https://lms.example.com", "name": f"emp-{person:05d}"},
            },
        ],
    }


def make_statements(count: int, start: datetime, step: timedelta, seed: int) -> list[dict]:
    """cmi5-shaped statements, timestamps in varied offsets, a few voiding earlier ones."""
    rng = random.Random(seed)
    statements: list[dict[str, Any]] = []
    for n in range(count):
        moment = start + step * n
        tz = OFFSETS[n % len(OFFSETS)]
        statement_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        if statements and n % 37 == 0:
            statements.append(
                {
                    "id": statement_id,
                    "actor": {"objectType": "Agent", "mbox": "mailto:lms-admin@example.com"},
                    "verb": {"id": VOIDED, "display": {"en-US": "voided"}},
                    "object": {"objectType": "StatementRef", "id": rng.choice(statements)["id"]},
                    "timestamp": iso(moment, tz),
                }
            )
            continue
        verb = rng.choice(sorted(CMI5_VERBS))
        au = rng.randrange(12)
        statement: dict[str, Any] = {
            "id": statement_id,
            "actor": make_actor(rng, n),
            "verb": {"id": CMI5_VERBS[verb], "display": {"en-US": verb}},
            "object": {
                "objectType": "Activity",
                "id": f"https://courses.example.com/ai-fluency/au/{au}",
                "definition": {
                    "type": "https://w3id.org/xapi/cmi5/activitytype/block",
                    "name": {"en-US": f"AI fluency, unit {au}"},
                },
            },
            "context": {
                "registration": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "contextActivities": {
                    "category": [{"id": CMI5_CATEGORY}],
                    "grouping": [{"id": "https://courses.example.com/ai-fluency"}],
                },
                "extensions": {SESSION_EXT: str(uuid.UUID(int=rng.getrandbits(128), version=4))},
            },
            "timestamp": iso(moment, tz),
        }
        if verb in ("passed", "failed"):
            scaled = round(rng.uniform(0.5, 1.0) if verb == "passed" else rng.uniform(0, 0.5), 2)
            statement["result"] = {
                "success": verb == "passed",
                "duration": "PT12M30S",
                "score": {"scaled": scaled},
            }
        elif verb == "completed":
            statement["result"] = {"completion": True, "duration": "PT45M"}
        statements.append(statement)
    return statements


# --------------------------------------------------------------------------- ralph


# ralph 5.1.0's fs LRS backend writes fs_lrs.jsonl with operation type CREATE, so every
# POST after the first one answers HTTP 500 ("already exists and overwrite is not
# allowed"). Only the ralph processes of this test load this, through PYTHONPATH; it
# makes that backend append, which is what an LRS does. The HTTP API is ralph's own.
FS_APPEND_SHIM = """\
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND
"""


def ralph_command() -> list[str] | None:
    configured = os.environ.get(RALPH_BIN_ENV)
    if configured:
        if not Path(configured).exists() and shutil.which(configured) is None:
            pytest.fail(f"{RALPH_BIN_ENV}={configured} does not exist")
        return [configured]
    on_path = shutil.which("ralph")
    if on_path:
        return [on_path]
    if importlib.util.find_spec("ralph") is not None:
        return [sys.executable, "-m", "ralph"]
    local = REPO / ".venv-ralph" / "bin" / "ralph"
    if local.exists():
        return [str(local)]
    return None


def require_ralph() -> list[str]:
    command = ralph_command()
    if command is None:
        reason = (
            "ralph LRS not found (ralph-malph[lrs,cli]): set CERTGAP_RALPH_BIN, or run "
            "`python3.11 -m venv .venv-ralph && .venv-ralph/bin/pip install -r "
            "requirements-lrs.in`"
        )
        if os.environ.get(REQUIRE_RALPH_ENV) == "1":
            pytest.fail(f"{REQUIRE_RALPH_ENV}=1 but {reason}")
        pytest.skip(reason)
    return command


def stop_process_group(proc: subprocess.Popen) -> None:
    """ralph runserver runs uvicorn with a reloader: stop the whole session it leads."""
    for sig, wait_s in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=wait_s)
        except subprocess.TimeoutExpired:
            continue
        # The leader is gone; give its children a moment, then make sure of them.
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            try:
                os.killpg(proc.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)


def wait_until_ready(proc: subprocess.Popen, port: int) -> bool:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/__heartbeat__", timeout=2) as r:
                if r.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


@dataclass
class RalphLrs:
    endpoint: str
    log_path: Path

    def post(self, statements: list[dict]) -> list[str]:
        request = urllib.request.Request(
            f"{self.endpoint}/xAPI/statements",
            data=json.dumps(statements).encode(),
            method="POST",
            headers={
                "Authorization": basic_auth(USER, PASSWORD),
                "X-Experience-API-Version": "1.0.3",
                "Content-Type": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as err:
            pytest.fail(f"ralph refused the POST: HTTP {err.code} {err.read()[:500]!r}")


@pytest.fixture(scope="module")
def ralph_lrs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> RalphLrs:
    command = require_ralph()
    root = tmp_path_factory.mktemp("ralph")
    for name in ("app", "fs", "cwd", "shim"):
        (root / name).mkdir()
    (root / "shim" / "sitecustomize.py").write_text(FS_APPEND_SHIM)
    env = {k: v for k, v in os.environ.items() if not k.startswith("RALPH_")}
    env.update(
        RALPH_RUNSERVER_BACKEND="fs",  # every ralph command, `auth` included
        RALPH_APP_DIR=str(root / "app"),
        RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH=str(root / "fs"),
        PYTHONPATH=str(root / "shim"),  # also reaches uvicorn's spawned worker
    )
    auth = subprocess.run(
        [
            *command,
            "auth",
            "--write-to-disk",
            "-u",
            USER,
            "-p",
            PASSWORD,
            "--scope",
            "statements/write",
            "--scope",
            "statements/read",
            "--agent-ifi-mbox",
            f"mailto:{USER}@example.com",
        ],
        env=env,
        cwd=root / "cwd",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert auth.returncode == 0, f"ralph auth failed:\n{auth.stdout}\n{auth.stderr}"

    for attempt in range(3):  # a free port can be taken between probe and bind
        port = free_port()
        log_path = root / f"runserver-{attempt}.log"
        with log_path.open("wb") as log:
            # cwd: uvicorn's reloader watches it, so keep it an empty folder.
            proc = subprocess.Popen(
                [*command, "runserver", "-b", "fs", "--host", HOST, "--port", str(port)],
                env=env,
                cwd=root / "cwd",
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        request.addfinalizer(lambda proc=proc: stop_process_group(proc))
        if wait_until_ready(proc, port):
            return RalphLrs(endpoint=f"http://{HOST}:{port}", log_path=log_path)
        stop_process_group(proc)
    tail = log_path.read_text(errors="replace")[-3000:]
    pytest.fail(f"ralph runserver did not answer within {SERVER_START_TIMEOUT_S}s:\n{tail}")


def test_full_then_incremental_pull_against_ralph(ralph_lrs: RalphLrs, tmp_path: Path) -> None:
    out_dir = tmp_path / "raw" / "lrs"
    state = tmp_path / "raw" / STATE_NAME
    first = make_statements(300, datetime(2024, 3, 1, 8, tzinfo=UTC), timedelta(minutes=17), 1)
    assert ralph_lrs.post(first) == [s["id"] for s in first]

    # 1. Full pull: 300 statements in pages of 50, then ralph's empty last page.
    done = run_extractor(
        "--endpoint",
        ralph_lrs.endpoint,
        "--user",
        USER,
        "--since",
        "2000-01-01T00:00:00Z",
        "--out",
        str(out_dir),
        "--page-size",
        "50",
    )
    assert done.returncode == 0, done.stderr
    assert "page 7: 0 statements, 300 written so far" in done.stderr
    [first_file] = data_files(out_dir)
    assert first_file.name.startswith("lrs_20000101T000000Z_")
    assert_no_leftovers(out_dir)
    pulled = read_jsonl(first_file)
    ids = [s["id"] for s in pulled]
    assert len(ids) == len(set(ids)) == 300
    assert set(ids) == {s["id"] for s in first}
    posted = {s["id"]: s for s in first}
    for statement in pulled:  # what was posted comes back unchanged, plus `stored`
        sent = posted[statement["id"]]
        for key in ("actor", "verb", "object", "timestamp", "context", "result"):
            assert statement.get(key) == sent.get(key), (statement["id"], key)
        assert "stored" in statement
    watermark = json.loads(state.read_text())
    newest = max(stored_at(s) for s in pulled)
    assert datetime.fromisoformat(watermark["since"].replace("Z", "+00:00")) == newest
    assert watermark["endpoint"] == ralph_lrs.endpoint
    first_bytes = first_file.read_bytes()

    # 2. Incremental pull from the watermark. ralph compares `since` with `timestamp`
    # (xAPI says `stored`), so only statements that happened after the watermark come
    # back at all: these happened between it and now, except every 12th, from a device
    # whose clock runs 10 minutes fast, which ralph will offer again on the next pull.
    since_1 = datetime.fromisoformat(watermark["since"].replace("Z", "+00:00"))
    time.sleep(max(0.0, 1.0 - (datetime.now(UTC) - since_1).total_seconds()))
    step = (datetime.now(UTC) - since_1) / 122
    second = make_statements(120, since_1 + step, step, 2)
    fast = datetime.now(UTC) + timedelta(minutes=10)
    for statement in second[5::12]:
        statement["timestamp"] = iso(fast, OFFSETS[1])
    assert ralph_lrs.post(second) == [s["id"] for s in second]
    done = run_extractor(
        "--endpoint",
        ralph_lrs.endpoint + "/",
        "--user",
        USER,
        "--out",
        str(out_dir),
        "--page-size",
        "100",
    )
    assert done.returncode == 0, done.stderr
    assert f"(watermark from {state})" in done.stderr
    files = data_files(out_dir)
    assert len(files) == 2
    [second_file] = [f for f in files if f != first_file]
    assert first_file.read_bytes() == first_bytes
    new_ids = [s["id"] for s in read_jsonl(second_file)]
    assert sorted(new_ids) == sorted(s["id"] for s in second)
    all_ids = [s["id"] for f in files for s in read_jsonl(f)]
    assert len(all_ids) == len(set(all_ids)) == 420
    assert_no_leftovers(out_dir)
    moved = json.loads(state.read_text())["since"]
    assert moved > watermark["since"]

    # 3. Nothing new: no file, watermark kept.
    done = run_extractor("--endpoint", ralph_lrs.endpoint, "--user", USER, "--out", str(out_dir))
    assert done.returncode == 0, done.stderr
    assert "no new statements" in done.stderr
    assert "stored before 'since' were skipped" in done.stderr  # the fast clocks
    assert data_files(out_dir) == files
    assert json.loads(state.read_text())["since"] == moved


def test_wrong_password_is_refused_by_ralph(ralph_lrs: RalphLrs, tmp_path: Path) -> None:
    out_dir = tmp_path / "raw" / "lrs"
    done = run_extractor(
        "--endpoint",
        ralph_lrs.endpoint,
        "--user",
        USER,
        "--password",
        "not-the-password",
        "--since",
        "2000-01-01",
        "--out",
        str(out_dir),
        password=None,
    )
    assert done.returncode == 2
    assert ralph_lrs.endpoint in done.stderr
    assert "refused the credentials" in done.stderr
    assert "Traceback" not in done.stderr
    assert data_files(out_dir) == []
    assert not (tmp_path / "raw" / STATE_NAME).exists()
    assert_no_leftovers(out_dir)


# --------------------------------------------------------------------------- stdlib server

Responder = Callable[[str], tuple[int, Any]]


@dataclass
class FakeLrs:
    """A scripted LRS: `responder(path_and_query)` gives (status, JSON body)."""

    responder: Responder
    seen: list[tuple[str, Message]] = field(default_factory=list)
    server: http.server.ThreadingHTTPServer | None = None

    @property
    def endpoint(self) -> str:
        assert self.server is not None
        return f"http://{HOST}:{self.server.server_address[1]}"

    def start(self) -> FakeLrs:
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake.seen.append((self.path, self.headers))
                status, body = fake.responder(self.path)
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer((HOST, 0), Handler)
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def queries(self) -> list[dict[str, str]]:
        return [dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(p).query)) for p, _ in self.seen]


@pytest.fixture
def fake_lrs() -> Iterator[Callable[[Responder], FakeLrs]]:
    started: list[FakeLrs] = []

    def start(responder: Responder) -> FakeLrs:
        fake = FakeLrs(responder).start()
        started.append(fake)
        return fake

    yield start
    for fake in started:
        fake.stop()


def stmt(n: int, stored: str) -> dict[str, Any]:
    return {
        "id": str(uuid.UUID(int=n, version=4)),
        "actor": {"objectType": "Agent", "mbox": f"mailto:p{n}@example.com"},
        "verb": {"id": CMI5_VERBS["completed"]},
        "object": {"objectType": "Activity", "id": "https://courses.example.com/x"},
        "timestamp": "2024-05-01T10:00:00.000+02:00",
        "stored": stored,
    }


def test_5xx_is_retried_then_pages_are_followed(fake_lrs, tmp_path: Path) -> None:
    a = stmt(1, "2024-05-01T08:00:01.000Z")
    b = stmt(2, "2024-05-01T08:00:02.000Z")
    c = stmt(3, "2024-05-01T08:00:03.000Z")
    failures = {"left": 2}
    out_dir = tmp_path / "lrs"
    in_dir_during_pull: list[str] = []

    def responder(path: str) -> tuple[int, Any]:
        # The extractor is mid-pull now: nothing of it may be visible in DIR yet.
        if out_dir.exists():
            in_dir_during_pull.extend(p.name for p in out_dir.iterdir())
        if failures["left"]:
            failures["left"] -= 1
            return 503, {"detail": "warming up"}
        page = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query).get("page", ["1"])[0]
        # `more` is relative to the host, and the endpoint here has a path of its own.
        return {
            "1": (200, {"statements": [a, b], "more": "/lrs/xAPI/statements?page=2"}),
            "2": (200, {"statements": [b, c], "more": "/lrs/xAPI/statements?page=3"}),
            "3": (200, {"statements": [], "more": ""}),
        }[page]

    fake = fake_lrs(responder)
    started = time.monotonic()
    done = run_extractor(
        "--endpoint",
        fake.endpoint + "/lrs",
        "--user",
        USER,
        "--since",
        "2024-05-01T09:00:00+02:00",
        "--out",
        str(out_dir),
        "--page-size",
        "2",
        "--max-retries",
        "3",
    )
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 30
    assert "HTTP 503" in done.stderr
    assert "retry 2/3" in done.stderr
    assert in_dir_during_pull == []
    [out] = data_files(out_dir)
    assert out.name == "lrs_20240501T070000Z_20240501T080003Z.jsonl"
    assert [s["id"] for s in read_jsonl(out)] == [a["id"], b["id"], c["id"]]
    assert [p.split("?")[0] for p, _ in fake.seen] == ["/lrs/xAPI/statements"] * 5
    first_query = fake.queries()[0]
    assert first_query == {"since": "2024-05-01T07:00:00Z", "limit": "2", "ascending": "true"}
    headers = fake.seen[0][1]
    assert headers["X-Experience-API-Version"] == "1.0.3"
    assert headers["Authorization"] == basic_auth(USER, PASSWORD)
    assert json.loads((tmp_path / STATE_NAME).read_text())["since"] == "2024-05-01T08:00:03Z"
    assert_no_leftovers(out_dir)


def test_persistent_5xx_fails_without_output(fake_lrs, tmp_path: Path) -> None:
    calls = {"n": 0}

    def responder(_path: str) -> tuple[int, Any]:
        calls["n"] += 1
        if calls["n"] == 1:  # one good page first, so a partial pull exists
            return 200, {"statements": [stmt(1, "2024-05-01T08:00:00Z")], "more": "/xAPI/s?p=2"}
        return 500, {"detail": "boom"}

    fake = fake_lrs(responder)
    out_dir = tmp_path / "lrs"
    done = run_extractor(
        "--endpoint",
        fake.endpoint,
        "--user",
        USER,
        "--since",
        "2024-01-01",
        "--out",
        str(out_dir),
        "--max-retries",
        "2",
    )
    assert done.returncode == 1
    assert "failed after 3 attempt(s)" in done.stderr
    assert "HTTP 500" in done.stderr
    assert calls["n"] == 4
    assert data_files(out_dir) == []
    assert not (tmp_path / STATE_NAME).exists()
    assert_no_leftovers(out_dir)


def test_403_is_a_clear_refusal(fake_lrs, tmp_path: Path) -> None:
    fake = fake_lrs(lambda _path: (403, {"detail": "scope statements/read required"}))
    done = run_extractor(
        "--endpoint",
        fake.endpoint,
        "--user",
        USER,
        "--since",
        "2024-01-01",
        "--out",
        str(tmp_path / "lrs"),
    )
    assert done.returncode == 2
    assert f"the LRS at {fake.endpoint} refused access" in done.stderr
    assert len(fake.seen) == 1  # refusals are not retried


def test_inclusive_since_and_no_ascending(fake_lrs, tmp_path: Path) -> None:
    """An LRS whose `since` is inclusive and that rejects `ascending`: no duplicates."""
    s1 = stmt(1, "2024-05-01T08:00:00.100Z")
    s2 = stmt(2, "2024-05-01T08:00:00.250Z")
    s3 = stmt(3, "2024-05-01T10:00:00.250+02:00")  # the same instant as s2
    s4 = stmt(4, "2024-05-01T08:05:00.000Z")
    rows = [s1, s2, s3]

    def responder(path: str) -> tuple[int, Any]:
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(path).query))
        if "ascending" in query:
            return 400, {"detail": "The following parameter is not allowed: `ascending`"}
        since = datetime.fromisoformat(query["since"].replace("Z", "+00:00"))
        return 200, {"statements": [s for s in rows if stored_at(s) >= since]}

    fake = fake_lrs(responder)
    out_dir = tmp_path / "lrs"
    args = ("--endpoint", fake.endpoint, "--user", USER, "--out", str(out_dir))
    done = run_extractor(*args, "--since", "2024-05-01T00:00:00Z")
    assert done.returncode == 0, done.stderr
    assert "rejected ascending=true" in done.stderr
    state = json.loads((tmp_path / STATE_NAME).read_text())
    assert state["since"] == "2024-05-01T08:00:00.250000Z"
    assert state["ids_at_since"] == sorted([s2["id"], s3["id"]])

    rows.append(s4)
    done = run_extractor(*args)
    assert done.returncode == 0, done.stderr
    assert fake.queries()[-1]["since"] == "2024-05-01T08:00:00.250000Z"
    assert "2 statements at the watermark were pulled last run" in done.stderr
    files = data_files(out_dir)
    assert len(files) == 2
    all_ids = [s["id"] for f in files for s in read_jsonl(f)]
    assert sorted(all_ids) == sorted(s["id"] for s in (s1, s2, s3, s4))


def test_first_run_needs_since_and_help_lists_every_flag(tmp_path: Path) -> None:
    done = run_extractor(
        "--endpoint", f"http://{HOST}:9", "--user", USER, "--out", str(tmp_path / "lrs")
    )
    assert done.returncode == 2
    assert "no --since and no state file" in done.stderr
    shown = run_extractor("--help")
    assert shown.returncode == 0
    for flag in (
        "--endpoint",
        "--user",
        "--password",
        "--since",
        "--out",
        "--state",
        "--page-size",
        "--timeout",
        "--max-retries",
        "CERTGAP_LRS_PASSWORD",
    ):
        assert flag in shown.stdout
