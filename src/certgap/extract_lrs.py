#!/usr/bin/env python3
"""Pull xAPI statements from a Learning Record Store into certgap's `lrs/` raw folder.

One run makes one `GET <endpoint>/xAPI/statements` pull: it asks for everything stored
since a timestamp, follows the `more` links until the LRS has no more, and writes the
statements, exactly as the LRS returned them, one compact JSON object a line, to a new
file `DIR/lrs_<since>_<until>.jsonl`. The file is written under a temporary name outside
DIR and renamed into DIR only once the pull has completed, so the staging models never
read a partial pull.

The newest `stored` seen becomes the watermark, kept in a state file outside DIR, and is
the `since` of the next run when `--since` is not given. Statements are deduplicated by
id within a pull, and the ids stored exactly at the watermark are remembered, so an LRS
whose `since` is inclusive does not hand the boundary statements out twice.

xAPI defines `since` on `stored`. ralph (5.1.0, every backend) compares it with
`timestamp` instead. So it offers again, on every pull, statements whose `timestamp` is
later than the watermark (a device whose clock runs fast); their `stored` is before
`since`, so they are skipped as already pulled. It also never offers statements stored
after the watermark whose `timestamp` is earlier (content that syncs late). No client can
repair that; an LRS that follows the specification has neither problem.

Standard library only. Exit codes: 0 done (also when nothing was new), 1 the pull failed
(network, server errors after the retries, a malformed answer), 2 the LRS refused the
credentials (HTTP 401/403) or the command line or state file is unusable.
"""

from __future__ import annotations

import argparse
import base64
import errno
import http.client
import json
import os
import shutil
import signal
import ssl
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn, TextIO

XAPI_VERSION = "1.0.3"
PASSWORD_ENV = "CERTGAP_LRS_PASSWORD"
DEFAULT_STATE_NAME = ".lrs_watermark.json"
USER_AGENT = "certgap-extract-lrs/1.0"

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_REFUSED = 2

BACKOFF_BASE_S = 0.5
BACKOFF_CAP_S = 30.0
SNIPPET_CHARS = 300


class PullError(Exception):
    """The pull could not be completed (exit code 1)."""


class CredentialsRefusedError(Exception):
    """The LRS answered 401 or 403 (exit code 2)."""


class UsageError(Exception):
    """The command line or the state file cannot be used (exit code 2)."""


def log(message: str) -> None:
    """Progress and diagnostics go to stderr; stdout stays empty."""
    print(f"extract_lrs: {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- timestamps


def parse_timestamp(value: str) -> datetime:
    """Parse an ISO 8601 timestamp into an aware UTC datetime.

    Accepts `Z` or numeric offsets, a bare date, and more than six fractional digits
    (truncated to microseconds). A timestamp without an offset is taken as UTC.
    """
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    if "." in text:
        head, _, tail = text.partition(".")
        digits = len(tail) - len(tail.lstrip("0123456789"))
        if digits > 6:
            tail = tail[:6] + tail[digits:]
        text = f"{head}.{tail}"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError as err:
        raise ValueError(f"not an ISO 8601 timestamp: {value!r}") from err
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def format_timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC with a `Z`, microseconds kept when present."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def compact_timestamp(moment: datetime) -> str:
    """A file-name-safe UTC timestamp, e.g. 20240815T091018Z."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


# --------------------------------------------------------------------------- HTTP


def normalise_endpoint(endpoint: str) -> str:
    """Validate the endpoint and return it without a trailing slash or `/xAPI` suffix."""
    parts = urllib.parse.urlsplit(endpoint.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"--endpoint must be an http(s) URL, got {endpoint!r}")
    if parts.username or parts.password:
        raise UsageError("--endpoint must not carry credentials; use --user and --password")
    path = parts.path.rstrip("/")
    if path.lower().endswith("/xapi"):
        path = path[: -len("/xapi")]
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def origin(url: str) -> tuple[str, str]:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


class _SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only within the endpoint's origin, so credentials stay there."""

    def __init__(self, allowed: tuple[str, str]) -> None:
        super().__init__()
        self._allowed = allowed

    def redirect_request(  # type: ignore[override]
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        if origin(newurl) != self._allowed:
            raise PullError(
                f"{req.full_url} redirected (HTTP {code}) to another host, {newurl}; "
                "not following it with the LRS credentials"
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _snippet(raw: bytes) -> str:
    text = raw.decode("utf-8", errors="replace").strip().replace("\n", " ")
    return text[:SNIPPET_CHARS] + ("..." if len(text) > SNIPPET_CHARS else "")


def _retry_after(headers: Any) -> float | None:
    value = headers.get("Retry-After") if headers is not None else None
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


class HttpStatusError(PullError):
    """A non-retryable HTTP status other than 401/403."""

    def __init__(self, url: str, code: int, body: str) -> None:
        super().__init__(f"GET {url} answered HTTP {code}: {body or '(empty body)'}")
        self.code = code
        self.body = body


@dataclass
class LrsClient:
    """GETs JSON from one LRS with Basic auth, retrying what a retry can fix."""

    endpoint: str
    user: str
    password: str
    timeout: float
    max_retries: int
    sleep: Callable[[float], None] = time.sleep
    _opener: urllib.request.OpenerDirector = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._opener = urllib.request.build_opener(_SameOriginRedirects(origin(self.endpoint)))

    def _headers(self) -> dict[str, str]:
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
        return {
            "Authorization": f"Basic {token}",
            "X-Experience-API-Version": XAPI_VERSION,
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
        }

    def get_json(self, url: str) -> Any:
        raw = self._get(url)
        try:
            return json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise PullError(f"GET {url} did not return JSON ({err}): {_snippet(raw)}") from err

    def _get(self, url: str) -> bytes:
        attempt = 0
        while True:
            request = urllib.request.Request(url, headers=self._headers(), method="GET")
            wait: float | None = None
            try:
                with self._opener.open(request, timeout=self.timeout) as response:
                    return response.read()
            except urllib.error.HTTPError as err:
                body = _snippet(err.read() or b"")
                if err.code in (401, 403):
                    raise CredentialsRefusedError(self._refused_message(err.code, body)) from None
                if err.code < 500 and err.code != 429:
                    raise HttpStatusError(url, err.code, body) from None
                problem = f"HTTP {err.code} {body}".strip()
                wait = _retry_after(err.headers)
            except urllib.error.URLError as err:
                if isinstance(err.reason, ssl.SSLCertVerificationError):
                    raise PullError(f"GET {url}: TLS certificate refused: {err.reason}") from None
                problem = f"cannot connect: {err.reason}"
            except (http.client.HTTPException, OSError) as err:
                problem = f"{type(err).__name__}: {err}"
            if attempt >= self.max_retries:
                raise PullError(
                    f"GET {url} failed after {attempt + 1} attempt(s); last error: {problem}"
                )
            delay = min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2**attempt)
            if wait is not None:
                delay = min(BACKOFF_CAP_S, max(delay, wait))
            attempt += 1
            log(f"{problem}; retry {attempt}/{self.max_retries} in {delay:.1f}s")
            self.sleep(delay)

    def _refused_message(self, code: int, body: str) -> str:
        what = "refused the credentials" if code == 401 else "refused access (forbidden)"
        hint = (
            "check --user and --password / " + PASSWORD_ENV
            if code == 401
            else "the account may lack the statements/read scope"
        )
        return (
            f"the LRS at {self.endpoint} {what} for user {self.user!r} "
            f"(HTTP {code}{': ' + body if body else ''}); {hint}"
        )


# --------------------------------------------------------------------------- pull


@dataclass
class PullResult:
    written: int = 0
    duplicates: int = 0
    skipped_at_since: int = 0
    skipped_before_since: int = 0
    pages: int = 0
    without_id: int = 0
    without_stored: int = 0
    newest_stored: datetime | None = None
    ids_at_newest: set[str] = field(default_factory=set)


def statements_url(endpoint: str, since: datetime, page_size: int, ascending: bool) -> str:
    query: dict[str, str] = {"since": format_timestamp(since), "limit": str(page_size)}
    if ascending:
        query["ascending"] = "true"
    return f"{endpoint}/xAPI/statements?{urllib.parse.urlencode(query)}"


def resolve_more(endpoint: str, more: str) -> str:
    """Resolve a `more` IRI: absolute path → the endpoint's host; bare path → under it."""
    url = urllib.parse.urljoin(endpoint + "/", more)
    if origin(url) != origin(endpoint):
        raise PullError(f"the LRS sent a 'more' link to another host ({more!r}); not following")
    return url


def iter_pages(client: LrsClient, since: datetime, page_size: int) -> Iterator[list[Any]]:
    """Yield each page's `statements`, following `more` until it is empty or absent."""
    url = statements_url(client.endpoint, since, page_size, ascending=True)
    try:
        page = client.get_json(url)
    except HttpStatusError as err:
        if err.code != 400:
            raise
        log(f"the LRS rejected ascending=true (HTTP 400: {err.body}); asking without it")
        url = statements_url(client.endpoint, since, page_size, ascending=False)
        page = client.get_json(url)
    seen_urls = {url}
    while True:
        if not isinstance(page, dict) or not isinstance(page.get("statements"), list):
            shown = _snippet(json.dumps(page).encode())
            raise PullError(f"GET {url} did not return a StatementResult: {shown}")
        yield page["statements"]
        more = page.get("more")
        if not more:
            return
        if not isinstance(more, str):
            raise PullError(f"GET {url} returned a 'more' that is not a string: {more!r}")
        url = resolve_more(client.endpoint, more)
        if url in seen_urls:
            raise PullError(f"the LRS sent the same 'more' link twice ({more}); stopping")
        seen_urls.add(url)
        page = client.get_json(url)


def pull(
    client: LrsClient,
    since: datetime,
    page_size: int,
    out: TextIO,
    skip_ids: set[str],
) -> PullResult:
    """Write every statement stored since `since` to `out` once; return the counts.

    Skipped: a second copy of an id within this pull; ids stored exactly at the
    watermark that the previous pull already wrote (`skip_ids`, for LRSs whose `since`
    is inclusive); statements whose `stored` is before `since`, which a conforming LRS
    never returns, but ralph does (it compares `since` with `timestamp`), e.g. for a
    device whose clock runs fast. Those were stored, so pulled, before the watermark.
    """
    result = PullResult()
    seen: set[str] = set()
    for statements in iter_pages(client, since, page_size):
        result.pages += 1
        for statement in statements:
            statement_id = statement.get("id") if isinstance(statement, dict) else None
            if isinstance(statement_id, str):
                if statement_id in seen:
                    result.duplicates += 1
                    continue
                seen.add(statement_id)
                if statement_id in skip_ids:
                    result.skipped_at_since += 1
                    continue
            stored = _stored(statement)
            if stored is not None and stored < since:
                result.skipped_before_since += 1
                continue
            out.write(json.dumps(statement, ensure_ascii=False, separators=(",", ":")))
            out.write("\n")
            result.written += 1
            _track(result, statement_id, stored)
        skipped = result.duplicates + result.skipped_at_since + result.skipped_before_since
        log(
            f"page {result.pages}: {len(statements)} statements, "
            f"{result.written} written so far" + (f", {skipped} skipped" if skipped else "")
        )
    return result


def _stored(statement: Any) -> datetime | None:
    raw = statement.get("stored") if isinstance(statement, dict) else None
    if not isinstance(raw, str):
        return None
    try:
        return parse_timestamp(raw)
    except ValueError:
        return None


def _track(result: PullResult, statement_id: Any, stored: datetime | None) -> None:
    if not isinstance(statement_id, str):
        result.without_id += 1
    if stored is None:
        result.without_stored += 1
        return
    if result.newest_stored is None or stored > result.newest_stored:
        result.newest_stored = stored
        result.ids_at_newest = set()
    if stored == result.newest_stored and isinstance(statement_id, str):
        result.ids_at_newest.add(statement_id)


# --------------------------------------------------------------------------- state and files


@dataclass
class State:
    endpoint: str
    since: datetime
    ids_at_since: set[str]


def read_state(path: Path) -> State | None:
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return State(
            endpoint=str(data["endpoint"]),
            since=parse_timestamp(str(data["since"])),
            ids_at_since={str(i) for i in data.get("ids_at_since", [])},
        )
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise UsageError(
            f"state file {path} is unreadable ({err}); fix or delete it and pass --since"
        ) from err


def write_state(path: Path, state: State, last_file: Path, written: int) -> None:
    """Replace the state file atomically (temporary file in the same folder, then rename)."""
    payload = {
        "endpoint": state.endpoint,
        "since": format_timestamp(state.since),
        "ids_at_since": sorted(state.ids_at_since),
        "last_file": str(last_file),
        "last_file_statements": written,
        "updated_at": format_timestamp(datetime.now(UTC)),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp_path = Path(tmp_name)
    try:
        _umask_mode(fd)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, indent=2)
            handle.write("\n")
        tmp_path.replace(path)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def _umask_mode(fd: int) -> None:
    """mkstemp makes 0600 files; give the file the mode a plain open() would have."""
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(fd, 0o666 & ~umask)


def output_name(out_dir: Path, since: datetime, until: datetime) -> Path:
    stem = f"lrs_{compact_timestamp(since)}_{compact_timestamp(until)}"
    candidate = out_dir / f"{stem}.jsonl"
    counter = 2
    while candidate.exists():
        candidate = out_dir / f"{stem}_{counter}.jsonl"
        counter += 1
    return candidate


def publish(tmp_path: Path, final: Path) -> None:
    """Move the finished pull into DIR; same file system → an atomic rename."""
    try:
        tmp_path.replace(final)
    except OSError as err:
        if err.errno != errno.EXDEV:
            raise
        # DIR is on another file system than its parent: copy under a name staging
        # does not read as data, then rename inside DIR.
        staging = final.with_name(f".{final.name}.partial")
        shutil.copyfile(tmp_path, staging)
        staging.replace(final)
        tmp_path.unlink()


# --------------------------------------------------------------------------- command line


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="certgap extract-lrs",
        description=(
            "Pull xAPI 1.0.3 statements from an LRS (GET <endpoint>/xAPI/statements, "
            "HTTP Basic auth) into a new JSON-lines file in DIR, one statement a line, "
            "exactly as the LRS returned them. Progress goes to stderr."
        ),
        epilog=(
            "Exit codes: 0 done (also when nothing was new: then no file is written); "
            "1 the pull failed (no file is written, the watermark is unchanged); "
            "2 the LRS refused the credentials (HTTP 401/403), or a bad command line or "
            "state file. Example: certgap extract-lrs --endpoint https://lrs.example.com "
            "--user reader --since 2024-01-01T00:00:00Z --out data/raw/lrs "
            f"(password from {PASSWORD_ENV})."
        ),
    )
    parser.add_argument(
        "--endpoint",
        required=True,
        metavar="URL",
        help=(
            "base URL of the LRS; statements are read from URL/xAPI/statements "
            "(a URL that already ends in /xAPI is accepted too)"
        ),
    )
    parser.add_argument("--user", required=True, metavar="U", help="HTTP Basic auth user name")
    parser.add_argument(
        "--password",
        metavar="P",
        help=(
            f"HTTP Basic auth password; if omitted it is read from ${PASSWORD_ENV}, "
            "which keeps it off the command line and out of the process list"
        ),
    )
    parser.add_argument(
        "--since",
        metavar="TS",
        help=(
            "ISO 8601 timestamp (e.g. 2024-01-01T00:00:00Z; no offset means UTC): pull "
            "statements stored after it. Default: the watermark in the state file. "
            "Required on the first run, when there is no state file yet"
        ),
    )
    parser.add_argument(
        "--out",
        required=True,
        metavar="DIR",
        type=Path,
        help=(
            "folder the new file lrs_<since>_<until>.jsonl is written to (created if "
            "missing); every file in it is read by staging, so nothing else is put there"
        ),
    )
    parser.add_argument(
        "--state",
        metavar="FILE",
        type=Path,
        help=(
            f"JSON file keeping the watermark (the newest 'stored' pulled) between runs; "
            f"default DIR/../{DEFAULT_STATE_NAME}. Must not be inside DIR"
        ),
    )
    parser.add_argument(
        "--page-size",
        type=int,
        default=100,
        metavar="N",
        help="statements asked for per request (the LRS may cap it; 0 = its maximum); default 100",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        metavar="S",
        help="seconds to wait for each HTTP response; default 30",
    )
    parser.add_argument(
        "--max-retries",
        type=int,
        default=5,
        metavar="N",
        help=(
            "retries per request after HTTP 5xx/429 or a connection error, waiting "
            f"{BACKOFF_BASE_S:g}s, then twice as long each time (at most "
            f"{BACKOFF_CAP_S:g}s, or the server's Retry-After within that); default 5"
        ),
    )
    return parser


@dataclass
class Options:
    endpoint: str
    user: str
    password: str
    since: datetime | None
    out_dir: Path
    state_path: Path
    page_size: int
    timeout: float
    max_retries: int


def parse_options(argv: list[str] | None) -> Options:
    parser = build_parser()
    args = parser.parse_args(argv)

    def fail(message: str) -> NoReturn:
        parser.error(message)

    password = args.password if args.password is not None else os.environ.get(PASSWORD_ENV)
    if not password:
        fail(f"no password: pass --password or set {PASSWORD_ENV}")
    if args.page_size < 0:
        fail("--page-size must be 0 or more")
    if args.timeout <= 0:
        fail("--timeout must be more than 0")
    if args.max_retries < 0:
        fail("--max-retries must be 0 or more")
    since = None
    if args.since is not None:
        try:
            since = parse_timestamp(args.since)
        except ValueError as err:
            fail(f"--since: {err}")
    try:
        endpoint = normalise_endpoint(args.endpoint)
    except UsageError as err:
        fail(str(err))
    out_dir = args.out.resolve()
    state_path = (args.state or out_dir.parent / DEFAULT_STATE_NAME).resolve()
    if state_path == out_dir or out_dir in state_path.parents:
        fail(f"--state {state_path} is inside --out {out_dir}; staging would read it as data")
    return Options(
        endpoint=endpoint,
        user=args.user,
        password=password,
        since=since,
        out_dir=out_dir,
        state_path=state_path,
        page_size=args.page_size,
        timeout=args.timeout,
        max_retries=args.max_retries,
    )


def _terminate(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def run(options: Options) -> int:
    state = read_state(options.state_path)
    if state is not None and state.endpoint != options.endpoint:
        raise UsageError(
            f"state file {options.state_path} belongs to {state.endpoint}, not "
            f"{options.endpoint}; pass --state FILE for this LRS"
        )
    if options.since is not None:
        since = options.since
    elif state is not None:
        since = state.since
        log(f"since {format_timestamp(since)} (watermark from {options.state_path})")
    else:
        raise UsageError(
            f"no --since and no state file at {options.state_path}; on a first run pass "
            "--since (e.g. --since 1970-01-01T00:00:00Z for everything)"
        )
    skip_ids = state.ids_at_since if state is not None and state.since == since else set()

    client = LrsClient(
        endpoint=options.endpoint,
        user=options.user,
        password=options.password,
        timeout=options.timeout,
        max_retries=options.max_retries,
    )
    options.out_dir.mkdir(parents=True, exist_ok=True)
    # The pull is written next to DIR, not in it: staging globs every file in DIR.
    fd, tmp_name = tempfile.mkstemp(
        dir=options.out_dir.parent, prefix=f".{options.out_dir.name}_pull_", suffix=".partial"
    )
    tmp_path = Path(tmp_name)
    try:
        _umask_mode(fd)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            result = pull(client, since, options.page_size, handle, skip_ids)
            handle.flush()
            os.fsync(handle.fileno())
        _report_oddities(result)
        if result.written == 0:
            log(
                f"no new statements since {format_timestamp(since)} ({result.pages} pages); "
                "no file written, watermark unchanged"
            )
            return EXIT_OK
        until = result.newest_stored or since
        final = output_name(options.out_dir, since, until)
        publish(tmp_path, final)
    finally:
        tmp_path.unlink(missing_ok=True)

    new_state = _next_state(options.endpoint, state, result)
    if new_state is not None:
        write_state(options.state_path, new_state, final, result.written)
    log(
        f"wrote {result.written} statements from {result.pages} pages to {final}"
        + (f"; watermark {format_timestamp(new_state.since)}" if new_state else "")
        + f" in {options.state_path}"
    )
    return EXIT_OK


def _next_state(endpoint: str, old: State | None, result: PullResult) -> State | None:
    """The watermark only moves forward; ids at an equal watermark are merged."""
    if result.newest_stored is None:
        return old
    if old is None or old.endpoint != endpoint or result.newest_stored > old.since:
        return State(endpoint, result.newest_stored, set(result.ids_at_newest))
    if result.newest_stored == old.since:
        return State(endpoint, old.since, old.ids_at_since | result.ids_at_newest)
    return old


def _report_oddities(result: PullResult) -> None:
    if result.duplicates:
        log(f"{result.duplicates} statements returned twice in this pull were written once")
    if result.skipped_at_since:
        log(f"{result.skipped_at_since} statements at the watermark were pulled last run")
    if result.skipped_before_since:
        log(
            f"{result.skipped_before_since} statements stored before 'since' were skipped "
            "(pulled before; this LRS filters 'since' on 'timestamp', not on 'stored')"
        )
    if result.without_id:
        log(f"warning: {result.without_id} statements have no id (written as they are)")
    if result.without_stored:
        log(f"warning: {result.without_stored} statements have no usable 'stored'")


def main(argv: list[str] | None = None) -> int:
    options = parse_options(argv)
    signal.signal(signal.SIGTERM, _terminate)
    try:
        return run(options)
    except CredentialsRefusedError as err:
        log(f"error: {err}")
        return EXIT_REFUSED
    except UsageError as err:
        log(f"error: {err}")
        return EXIT_REFUSED
    except PullError as err:
        log(f"error: pull from {options.endpoint} failed, no file written: {err}")
        return EXIT_FAILED
    except OSError as err:
        log(f"error: cannot write the pull or the state file: {err}")
        return EXIT_FAILED
    except KeyboardInterrupt:
        log("interrupted; no file written, watermark unchanged")
        return 130


if __name__ == "__main__":
    sys.exit(main())
