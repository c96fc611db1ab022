"""A bounded load test: real gunicorn workers on the loopback, real sign-ins, a realistic mix.

Builds a throwaway PostgreSQL database, loads the Hampshire demo, has its chief executive
approve Stage One (the approved PDF is rendered at once, in this process), then serves the
site with gunicorn (gthread workers, keep-alive, persistent database connections, whitenoise,
DEBUG off) and a `manage.py db_worker`, on 127.0.0.1 only. Virtual users, each one thread with
one keep-alive connection and its own cookies, sign in through the real form once, then work
in a closed loop (no think time) for a fixed time per level:

    .venv/bin/python bench/load.py                     # 10, 25 and 50 users, 20 s each: about 2.5 minutes
    .venv/bin/python bench/load.py --quick             # 5 s a level
    .venv/bin/python bench/load.py --users 5,100 --duration 30 --configs 3x4,5x2:auto
    .venv/bin/python bench/load.py --database-url postgres://postgres@127.0.0.1:5432/lpsa_bench_load

Prints Markdown tables on stdout (progress goes to stderr). The database is created with a
comment marking it as this script's and dropped at the end; the gunicorn and worker process
groups are stopped, even after Ctrl-C or `kill`.
"""

import argparse
import contextlib
import ctypes
import http.client
import itertools
import math
import os
import platform
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from national import ROOT, ThrowawayDatabase, describe_cpu, describe_database, set_up_django

MARKER = "Throwaway database of bench/load.py: dropped when the run ends."
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/lpsa_bench_load"
HOST = "127.0.0.1"  # loopback only, never another address
IMMEDIATE = "django.tasks.backends.immediate.ImmediateBackend"
QUEUED = "django_tasks_db.DatabaseBackend"
LOCMEM_MAIL = "django.core.mail.backends.locmem.EmailBackend"
# Known to this run only: every demo account gets it, hashed with PBKDF2.
PASSWORD = "load-" + secrets.token_urlsafe(12)
# Sessions are signed with it: the web processes must share one.
SECRET_KEY = "bench-load-only-" + secrets.token_urlsafe(40)

READY_TIMEOUT = 30  # seconds for gunicorn to answer /health/
REQUEST_TIMEOUT = 30  # seconds for one request before it counts as an error
KEEP_ALIVE = 75  # seconds gunicorn keeps an idle connection open (so levels can reuse them)
WARM_UP = 2.0  # untimed seconds of the mix after a server starts
PAUSE = 1.0  # seconds between levels
SIGN_IN_CONCURRENCY = 4  # sign-ins at once: each checks a PBKDF2 hash, ~0.3 s of CPU

# Goals for the largest default level.
GOAL_USERS = 50
GOAL_RPS = 300
GOAL_P95_MS = 200

# Virtual users take these accounts in turn: officers and administrators edit, the
# working-group lead comments, the chief executive only reads. All of them read.
ACCOUNT_CYCLE = ["officer", "wglead", "admin", "chiefexec"]
EDITORS = {"officer", "admin"}
COMMENTERS = {"wglead"}

# The mix of user actions (an action may take more than one request: see README).
SHARE_EDIT = 0.08
SHARE_COMMENT = 0.07
SHARE_PDF = 0.05
SHARE_HEALTH = 0.05
# Within the reads (the rest, ~75%), the pages' relative weights.
READ_WEIGHTS = {
    "dashboard": 15,
    "framework": 15,
    "priority": 15,
    "indicator": 20,
    "target": 15,
    "money": 10,
    "calculator": 10,
}
EDIT_STEP = Decimal("0.1")  # a save moves the stretch target this much further, or back

# What each labelled request must answer; anything else is an error.
EXPECTED = {
    **dict.fromkeys(READ_WEIGHTS, (200,)),
    "edit: form": (200,),
    "edit: save": (302, 409),
    "edit: then target": (200,),
    "comment: post": (302,),
    "comment: then indicator": (200,),
    "approved pdf": (200,),
    "health": (200,),
    "sign-in: form": (200,),
    "sign-in: post": (302,),
    "sign-in: then dashboard": (200,),
    "stylesheet": (200,),
}
CONFLICT = 409


def on_signal(number: int, _frame) -> None:
    """Ctrl-C or `kill`: unwind through the `finally` that stops the processes and drops the database."""
    if number == signal.SIGINT:
        raise KeyboardInterrupt
    sys.exit(128 + number)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- setup, in this process ----------------------------------------------------------------


@dataclass
class Scenario:
    """What the virtual users visit: the demo's items, found once the demo is loaded."""

    slug: str
    priorities: list[int]
    indicators: list[int]
    targets: list[int]
    editable: dict[int, tuple[Decimal, int]]  # target -> (with_lpsa as loaded, +1 or -1: better)
    calculator_query: str
    pdf_path: str
    pdf_sha256: str
    pdf_size: int


def prepare() -> Scenario:
    """The Hampshire demo, with PBKDF2 passwords, approved at Stage One with its PDF stored."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password

    from lpsa import demo
    from lpsa.models import Submission
    from lpsa.workflow import framework_move
    from priorities.models import Framework, Indicator, Stage, Target

    demo.load(password=PASSWORD)
    users = get_user_model()
    # One hash for every account (the same password), made explicitly with PBKDF2: the
    # hasher the web processes' settings verify with.
    encoded = make_password(PASSWORD, hasher=PBKDF2PasswordHasher())
    users.objects.filter(username__in=[name for name, *_ in demo.ACCOUNTS]).update(password=encoded)

    framework = Framework.objects.get(slug="hampshire")
    officer = users.objects.get(username="officer")
    chief = users.objects.get(username="chiefexec")
    if framework.stage == Stage.ONE_DRAFTING:
        framework_move(framework=framework, move_name="start_consultation", user=officer)
    if framework.stage == Stage.ONE_CONSULTATION:
        framework_move(framework=framework, move_name="ask_approval_one", user=officer, reason="Please approve.")
    framework_move(framework=framework, move_name="approve_one", user=chief, declared=True)
    submission = Submission.objects.get(framework=framework, stage="one")
    if not submission.is_ready:
        sys.exit("The approval left the submission without its PDF: the rendering task did not run at once.")

    priorities = list(framework.priorities.order_by("position").values_list("pk", flat=True))
    indicators = list(
        Indicator.objects.filter(target_area__priority__framework=framework).order_by("pk").values_list("pk", flat=True)
    )
    all_targets = list(
        Target.objects.filter(indicator__target_area__priority__framework=framework)
        .select_related("indicator")
        .order_by("pk")
    )
    editable = {}
    query = []
    for target in all_targets:
        if target.with_lpsa is not None and target.without_lpsa is not None:
            query.append((f"final_{target.pk}", str(target.with_lpsa)))
            if target.interim_with_lpsa is not None:
                query.append((f"interim_{target.pk}", str(target.interim_with_lpsa)))
            # Target lines whose figures are valid now: a step further keeps them valid.
            if target.direction_problem(target.stretch) is None:
                better = 1 if target.indicator.direction == Indicator.Direction.HIGHER else -1
                editable[target.pk] = (target.with_lpsa, better)
    if not (priorities and indicators and editable):
        sys.exit("The demo has no priorities, indicators or editable targets to visit.")
    return Scenario(
        slug=framework.slug,
        priorities=priorities,
        indicators=indicators,
        targets=[target.pk for target in all_targets],
        editable=editable,
        calculator_query=urlencode(query),
        pdf_path=f"/submissions/{submission.pk}/pdf/",
        pdf_sha256=submission.sha256,
        pdf_size=submission.pdf.size,
    )


# --- the processes -------------------------------------------------------------------------


@dataclass
class Child:
    name: str
    popen: subprocess.Popen
    log: Path

    def log_tail(self, chars: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else "(no log)"

    def check_running(self) -> None:
        if self.popen.poll() is not None:
            raise RuntimeError(f"{self.name} exited with {self.popen.returncode}:\n{self.log_tail()}")


def die_with_parent() -> None:
    """In the child, before exec: get SIGTERM if this script dies, even by SIGKILL (Linux)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def start(name: str, args: list[str], *, env: dict[str, str], log: Path) -> Child:
    with log.open("wb") as out:
        popen = subprocess.Popen(
            [sys.executable, *args],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped as one
            preexec_fn=die_with_parent,
        )
    return Child(name, popen, log)


def stop(children: list[Child]) -> None:
    """SIGTERM to each process group, then SIGKILL to any group still there after 10 s.

    A group outlives its leader while a member is left, and Linux never reuses its id as
    a process id meanwhile, so killpg() here only ever reaches the processes this script started.
    """
    for child in children:
        if child.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.popen.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for child in children:
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.popen.wait(timeout=max(deadline - time.monotonic(), 0.1))
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.popen.pid, signal.SIGKILL)  # whatever is left of the group
        if child.popen.poll() is None:
            child.popen.wait(timeout=10)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def child_environment(url: str, media: Path, static: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("GUNICORN_CMD_ARGS", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "lpsa.settings",
            "DEBUG": "false",
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": HOST,
            "CSRF_TRUSTED_ORIGINS": "",
            "SECURE_SSL_REDIRECT": "false",  # plain http on the loopback
            "DATABASE_URL": url,
            "DB_CONN_MAX_AGE": "60",  # persistent connections, one per worker thread
            "MEDIA_ROOT": str(media),
            "STATIC_ROOT": str(static),
            "TASKS_BACKEND": QUEUED,  # draft PDFs go to the db_worker, as in production
            "EMAIL_BACKEND": LOCMEM_MAIL,  # nothing listens for SMTP here
            "LOG_LEVEL": "ERROR",  # no line per 409 conflict; errors still show
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def collect_static(env: dict[str, str]) -> None:
    """With DEBUG off, whitenoise's manifest storage needs the collected, hashed files."""
    done = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"collectstatic failed:\n{done.stderr[-3000:]}")


@dataclass(frozen=True)
class Config:
    """Gunicorn's gthread settings: WORKERSxTHREADS, or WORKERSxTHREADS:CONNECTIONS (or :auto) to
    cap the connections each worker holds (gunicorn's --worker-connections, 1000 by default)."""

    workers: int
    threads: int
    connections: int | None = None

    @classmethod
    def parse(cls, text: str, users: int) -> "Config":
        """``:auto`` caps each worker at its even share of the users, plus one to spare."""
        size, _, connections = text.lower().partition(":")
        workers, _, threads = size.partition("x")
        workers, threads = int(workers), int(threads or 1)
        if connections == "auto":
            return cls(workers, threads, math.ceil(users / workers) + 1)
        return cls(workers, threads, int(connections) if connections else None)

    def __str__(self) -> str:
        cap = f", at most {self.connections} connections a worker" if self.connections else ""
        return f"{self.workers} workers x {self.threads} threads{cap}"


def start_gunicorn(config: Config, port: int, *, env: dict[str, str], log: Path) -> Child:
    args = [
        "-m",
        "gunicorn",
        "lpsa.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--worker-class",
        "gthread",
        "--workers",
        str(config.workers),
        "--threads",
        str(config.threads),
        "--keep-alive",
        str(KEEP_ALIVE),
        "--timeout",
        "60",
        "--graceful-timeout",
        "5",
        "--no-control-socket",
        "--error-logfile",
        "-",
    ]
    if config.connections:
        args += ["--worker-connections", str(config.connections)]
    return start(f"gunicorn ({config})", args, env=env, log=log)


def wait_until_healthy(server: Child, port: int) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        server.check_running()
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            try:
                conn.request("GET", "/health/", headers={"Host": f"{HOST}:{port}"})
                response = conn.getresponse()
                response.read()
                if response.status == 200:
                    return
            finally:
                conn.close()
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{server.name} did not answer /health/ within {READY_TIMEOUT} s:\n{server.log_tail()}")


# --- CPU accounting, from /proc ------------------------------------------------------------

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds used so far) of a process, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS


def workers_of(master: int) -> list[int]:
    """The gunicorn workers: the master's children."""
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat is not None and stat[0] == master:
                found.append(int(entry.name))
    return found


def tree_cpu(master: int) -> float:
    """CPU seconds of a gunicorn master and its workers."""
    return sum(stat[1] for stat in map(_stat, [master, *workers_of(master)]) if stat is not None)


def machine_cpu() -> tuple[float, float]:
    """(busy, all) CPU seconds of the whole machine so far, every CPU added up; steal counts as busy."""
    values = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    idle = values[3] + values[4]  # idle and iowait
    return (sum(values) - idle) / TICKS, sum(values) / TICKS


def backends_cpu() -> dict[int, float]:
    """CPU seconds so far of each PostgreSQL server process serving the throwaway database
    (the server runs on this machine, so /proc shows them)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        pids = [row[0] for row in cursor.fetchall()]
    return {pid: stat[1] for pid, stat in zip(pids, map(_stat, pids), strict=True) if stat is not None}


def backends_delta(before: dict[int, float], seen: dict[int, float]) -> float:
    """CPU the backends used between two readings; ``seen`` holds the last reading of every
    backend met meanwhile, so one that ended (CONN_MAX_AGE) loses at most its last half second."""
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in seen.items())


def connections_per_worker(master: int, port: int) -> list[int]:
    """How many client connections each worker holds open: with keep-alive, a connection stays
    with the worker that accepted it, however busy that worker is."""
    established = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        parts = line.split()
        if parts[1] == f"0100007F:{port:04X}" and parts[3] == "01":
            established.add(parts[9])
    counts = []
    for pid in workers_of(master):
        try:
            links = [os.readlink(entry.path) for entry in os.scandir(f"/proc/{pid}/fd")]
        except OSError:
            continue
        counts.append(sum(link.startswith("socket:[") and link[8:-1] in established for link in links))
    return sorted(counts, reverse=True)


# --- one browser ---------------------------------------------------------------------------


class Forms(HTMLParser):
    """The fields of each <form> on a page, as a browser would submit them without a button."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[list[str]]] = []
        self.inside = False
        self.textarea: list[str] | None = None
        self.select: list[str | None] | None = None  # [name, first value, selected value]

    def handle_starttag(self, tag, attrs):
        attr = dict(attrs)
        if tag == "form":
            self.forms.append([])
            self.inside = True
        elif not self.inside:
            return
        name = attr.get("name")
        if tag == "input" and name:
            kind = (attr.get("type") or "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in attr:
                    self.forms[-1].append([name, attr.get("value") or "on"])
            elif kind not in {"submit", "button", "image", "reset", "file"}:
                self.forms[-1].append([name, attr.get("value") or ""])
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
            self.forms[-1].append(self.textarea)
        elif tag == "select" and name:
            self.select = [name, None, None]
        elif tag == "option" and self.select is not None:
            value = attr.get("value") or ""
            if self.select[1] is None:
                self.select[1] = value
            if "selected" in attr:
                self.select[2] = value

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None:
            self.textarea[1] = self.textarea[1].removeprefix("\n")
            self.textarea = None
        elif tag == "select" and self.select is not None:
            value = self.select[2] if self.select[2] is not None else self.select[1]
            if value is not None:
                self.forms[-1].append([self.select[0], value])
            self.select = None
        elif tag == "form":
            self.inside = False


def form_with(html: str, field_name: str) -> list[tuple[str, str]] | None:
    """The fields of the first form on the page that has this field."""
    parser = Forms()
    parser.feed(html)
    parser.close()
    for form in parser.forms:
        if any(name == field_name for name, _ in form):
            return [(name, value) for name, value in form]
    return None


def replaced(fields: list[tuple[str, str]], **values: str) -> list[tuple[str, str]]:
    return [(name, values.pop(name) if name in values else value) for name, value in fields] + list(values.items())


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')


@dataclass
class Record:
    label: str
    status: int
    seconds: float
    outcome: str  # "ok", "conflict" or "error"


@dataclass
class Reply:
    status: int  # 0: no answer (a connection error or timeout)
    headers: http.client.HTTPMessage | None
    body: bytes
    problem: str = ""

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str:
        """The path (and query) a redirect points to."""
        parts = urlsplit(self.headers.get("Location", "") if self.headers else "")
        return parts.path + (f"?{parts.query}" if parts.query else "")


class Budget:
    """The most requests a level may send, shared by its users."""

    def __init__(self, limit: int):
        self.limit = limit
        self.counter = itertools.count()
        self.used = 0

    def take(self) -> None:
        self.used = next(self.counter) + 1

    @property
    def spent(self) -> bool:
        return self.used >= self.limit


class Browser:
    """One virtual user: an account, one keep-alive connection, cookies kept by hand (the
    site marks them Secure with DEBUG off, so a cookie jar would not send them over http)."""

    def __init__(self, port: int, username: str, seed: int):
        self.port = port
        self.username = username
        self.rng = random.Random(seed)
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None
        self.csrf = ""  # from the last form seen
        self.reconnects = 0
        self.records: list[Record] = []
        self.problems: list[str] = []
        self.actions: Counter = Counter()
        self.budget: Budget | None = None

    @property
    def origin(self) -> str:
        return f"http://{HOST}:{self.port}"

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def send(self, label: str, method: str, path: str, form=None) -> Reply:
        headers = {"Host": f"{HOST}:{self.port}", "User-Agent": "lpsa-bench-load", "Accept": "text/html,*/*"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin  # what a browser sends; the CSRF check compares it
        started = time.perf_counter()
        reply = None
        for attempt in (1, 2):
            reused = self.conn is not None
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                raw = self.conn.getresponse()
                data = raw.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as error:
                self.close()
                if reused and attempt == 1:
                    # The server closed an idle keep-alive connection: open a new one, as a browser does.
                    self.reconnects += 1
                    continue
                reply = Reply(0, None, b"", f"{type(error).__name__}: {error}")
            except (OSError, http.client.HTTPException) as error:
                self.close()
                reply = Reply(0, None, b"", f"{type(error).__name__}: {error}")
            else:
                if raw.will_close:
                    self.close()
                reply = Reply(raw.status, raw.headers, data)
            break
        seconds = time.perf_counter() - started
        if reply.headers is not None:
            self.keep_cookies(reply.headers)
            if reply.status == 200 and reply.headers.get_content_type() == "text/html":
                token = CSRF_INPUT.search(reply.text)
                if token:
                    self.csrf = token.group(1)
        self.note(label, method, path, reply, seconds)
        return reply

    def note(self, label: str, method: str, path: str, reply: Reply, seconds: float) -> None:
        if reply.status == CONFLICT and CONFLICT in EXPECTED[label]:
            outcome = "conflict"
        elif reply.status in EXPECTED[label] and not reply.problem:
            outcome = "ok"
        else:
            outcome = "error"
            if len(self.problems) < 5:
                detail = reply.problem or f"status {reply.status}"
                if reply.status == 302:
                    detail += f" to {reply.location}"
                self.problems.append(f"{self.username}: {label}: {method} {path}: {detail}")
        self.records.append(Record(label, reply.status, seconds, outcome))
        if self.budget is not None:
            self.budget.take()

    def fail(self, reply: Reply, problem: str) -> None:
        """A response with the right status but the wrong content: recount it as an error."""
        reply.problem = problem
        last = self.records[-1]
        if last.outcome != "error":
            last.outcome = "error"
            if len(self.problems) < 5:
                self.problems.append(f"{self.username}: {last.label}: {problem}")

    def keep_cookies(self, headers: http.client.HTTPMessage) -> None:
        for header in headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def get(self, label: str, path: str) -> Reply:
        return self.send(label, "GET", path)

    def post(self, label: str, path: str, form) -> Reply:
        return self.send(label, "POST", path, form)

    def sign_in(self) -> float:
        """Through the real form; then the dashboard it lands on, and its stylesheet once
        (a browser caches it). Returns the seconds the POST took (it checks the password)."""
        page = self.get("sign-in: form", "/sign-in/")
        fields = form_with(page.text, "username") if page.status == 200 else None
        if fields is None:
            raise RuntimeError(f"{self.username}: no sign-in form (status {page.status}) {page.problem}")
        posted = self.post("sign-in: post", "/sign-in/", replaced(fields, username=self.username, password=PASSWORD))
        seconds = self.records[-1].seconds
        if posted.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"{self.username}: sign-in answered {posted.status}: {posted.text[-800:]}")
        home = self.get("sign-in: then dashboard", posted.location or "/")
        sheet = STYLESHEET.search(home.text)
        if home.status != 200 or sheet is None or not self.csrf:
            raise RuntimeError(f"{self.username}: the dashboard after sign-in answered {home.status}")
        self.get("stylesheet", sheet.group(1))
        return seconds


# --- what the users do ---------------------------------------------------------------------


class Mix:
    """Each account's chances of each action, so that over all users of a level the actions
    come out at the shares above: only officers and administrators edit, only the
    working-group lead comments; everyone reads, downloads the PDF and is health-checked."""

    def __init__(self, scenario: Scenario, usernames: list[str]):
        self.scenario = scenario
        count = len(usernames)
        editors = sum(name in EDITORS for name in usernames)
        commenters = sum(name in COMMENTERS for name in usernames)
        self.weights: dict[str, dict[str, float]] = {}
        for name in set(usernames):
            edit = SHARE_EDIT * count / editors if name in EDITORS else 0.0
            comment = SHARE_COMMENT * count / commenters if name in COMMENTERS else 0.0
            read = 1.0 - edit - comment - SHARE_PDF - SHARE_HEALTH
            self.weights[name] = {
                "read": read,
                "edit": edit,
                "comment": comment,
                "pdf": SHARE_PDF,
                "health": SHARE_HEALTH,
            }
        self.reads = list(READ_WEIGHTS)
        self.read_weights = list(READ_WEIGHTS.values())

    def act(self, user: Browser) -> str:
        weights = self.weights[user.username]
        action = user.rng.choices(list(weights), list(weights.values()))[0]
        getattr(self, action)(user)
        return action

    def read(self, user: Browser) -> None:
        s, rng = self.scenario, user.rng
        page = rng.choices(self.reads, self.read_weights)[0]
        path = {
            "dashboard": "/",
            "framework": f"/frameworks/{s.slug}/",
            "priority": f"/priorities/{rng.choice(s.priorities)}/",
            "indicator": f"/indicators/{rng.choice(s.indicators)}/",
            "target": f"/targets/{rng.choice(s.targets)}/",
            "money": f"/frameworks/{s.slug}/money/",
            "calculator": f"/frameworks/{s.slug}/reward-calculator/?{s.calculator_query}",
        }[page]
        user.get(page, path)

    def edit(self, user: Browser) -> None:
        """The target's edit form, then a save that moves its stretch target a step, or back."""
        pk = user.rng.choice(list(self.scenario.editable))
        path = f"/targets/{pk}/edit/"
        page = user.get("edit: form", path)
        if page.status != 200:
            return
        fields = form_with(page.text, "with_lpsa")
        if fields is None or "version" not in dict(fields):
            user.fail(page, "no target form with a version field")
            return
        loaded, better = self.scenario.editable[pk]
        current = Decimal(dict(fields)["with_lpsa"] or "0")
        new = loaded + better * EDIT_STEP if current == loaded else loaded
        saved = user.post(
            "edit: save",
            path,
            replaced(fields, with_lpsa=str(new), change_reason="Figures rechecked (load test)."),
        )
        if saved.status == 302:
            user.get("edit: then target", saved.location)

    def comment(self, user: Browser) -> None:
        """A comment on an indicator, with the CSRF token of the last form seen, as a browser
        posting from that page would send it; then the page it goes back to."""
        pk = user.rng.choice(self.scenario.indicators)
        text = f"Load-test comment {user.rng.randrange(10**6)}: is the baseline from the same source?"
        form = [("csrfmiddlewaretoken", user.csrf), ("text", text)]
        posted = user.post("comment: post", f"/comments/on/indicator/{pk}/", form)
        if posted.status == 302:
            user.get("comment: then indicator", posted.location)

    def pdf(self, user: Browser) -> None:
        reply = user.get("approved pdf", self.scenario.pdf_path)
        if reply.status == 200 and (
            len(reply.body) != self.scenario.pdf_size
            or reply.headers.get("X-Content-SHA256") != self.scenario.pdf_sha256
            or not reply.body.startswith(b"%PDF-")
        ):
            user.fail(reply, f"not the approved PDF ({len(reply.body)} bytes)")

    def health(self, user: Browser) -> None:
        user.get("health", "/health/")


@dataclass
class Level:
    users: int
    seconds: float
    records: list[Record]
    actions: Counter
    reconnects: int
    problems: list[str]
    server_cpu: float
    database_cpu: float
    connections: list[int]  # client connections each worker held at the end
    client_cpu: float
    machine_busy: float  # the share of all CPUs busy with anything, this run or not
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    requests_cut: bool = False

    @property
    def requests(self) -> int:
        return len(self.records)

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def count(self, outcome: str) -> int:
        return sum(record.outcome == outcome for record in self.records)

    def percentile(self, fraction: float, label: str | None = None) -> float:
        values = [r.seconds for r in self.records if label is None or r.label == label]
        return percentile(values, fraction) * 1000


def percentile(values: list[float], fraction: float) -> float:
    """Nearest rank; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def sign_in_all(users: list[Browser]) -> list[float]:
    """Sign in whoever has not yet, a few at a time (each checks a PBKDF2 hash)."""
    waiting = [user for user in users if "sessionid" not in user.cookies]
    seconds: list[float] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def work() -> None:
        while True:
            with lock:
                if not waiting or failures:
                    return
                user = waiting.pop()
            try:
                took = user.sign_in()
            except BaseException as error:  # reported below, in the main thread
                with lock:
                    failures.append(error)
                return
            with lock:
                seconds.append(took)

    threads = [threading.Thread(target=work, daemon=True) for _ in range(SIGN_IN_CONCURRENCY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"Sign-in failed: {failures[0]}")
    return seconds


def run_level(users: list[Browser], mix: Mix, seconds: float, limit: int, *, server: Child, port: int) -> Level:
    """Every user in a closed loop until the time is up or the level's requests are spent."""
    budget = Budget(limit)
    stop_now = threading.Event()
    ready = threading.Barrier(len(users) + 1)
    for user in users:
        user.records, user.problems, user.actions, user.budget = [], [], Counter(), budget
    reconnects_before = sum(user.reconnects for user in users)

    def loop(user: Browser, until: list[float]) -> None:
        ready.wait()
        while not stop_now.is_set() and not budget.spent and time.perf_counter() < until[0]:
            user.actions[mix.act(user)] += 1

    until = [math.inf]
    threads = [threading.Thread(target=loop, args=(user, until), daemon=True) for user in users]
    for thread in threads:
        thread.start()
    load_before = os.getloadavg()
    server_before, database_before = tree_cpu(server.popen.pid), backends_cpu()
    client_before = time.process_time()
    machine_before = machine_cpu()
    started = time.perf_counter()
    until[0] = started + seconds
    ready.wait()
    database_seen = dict(database_before)
    try:
        for thread in threads:
            while thread.is_alive():
                thread.join(timeout=0.5)
                # Backends come and go (CONN_MAX_AGE): note each one's CPU as it goes along.
                database_seen.update(backends_cpu())
    finally:
        stop_now.set()
    elapsed = time.perf_counter() - started
    machine_after = machine_cpu()
    held = connections_per_worker(server.popen.pid, port)
    records = [record for user in users for record in user.records]
    for user in users:
        user.budget = None
    return Level(
        users=len(users),
        seconds=elapsed,
        records=records,
        actions=sum((user.actions for user in users), Counter()),
        reconnects=sum(user.reconnects for user in users) - reconnects_before,
        problems=[problem for user in users for problem in user.problems],
        server_cpu=tree_cpu(server.popen.pid) - server_before,
        database_cpu=backends_delta(database_before, database_seen | backends_cpu()),
        connections=held,
        client_cpu=time.process_time() - client_before,
        machine_busy=(machine_after[0] - machine_before[0]) / max(machine_after[1] - machine_before[1], 1e-9),
        load_before=load_before,
        load_after=os.getloadavg(),
        requests_cut=budget.spent,
    )


# --- the run -------------------------------------------------------------------------------


@dataclass
class Site:
    """The web server and the worker, with what is needed to (re)start the web server."""

    env: dict[str, str]
    workdir: Path
    worker: Child | None = None
    server: Child | None = None
    config: Config | None = None
    port: int = 0

    def serve(self, config: Config) -> None:
        if self.server is not None:
            stop([self.server])
        self.port = free_port()
        log = self.workdir / f"gunicorn-{config.workers}x{config.threads}-{config.connections}.log"
        self.server = start_gunicorn(config, self.port, env=self.env, log=log)
        self.config = config
        wait_until_healthy(self.server, self.port)

    def children(self) -> list[Child]:
        return [child for child in (self.server, self.worker) if child is not None]


def browsers(count: int, port: int) -> list[Browser]:
    return [Browser(port, ACCOUNT_CYCLE[index % len(ACCOUNT_CYCLE)], seed=2004 + index) for index in range(count)]


def point_at(users: list[Browser], port: int) -> None:
    """After a restart on a new port: same sessions (they live in the database), new connections."""
    for user in users:
        user.close()
        user.port = port


def level_row(level: Level) -> str:
    return (
        f"| {level.users} | {level.requests} | {level.throughput:.1f} | {level.percentile(0.50):.0f} | "
        f"{level.percentile(0.95):.0f} | {level.percentile(0.99):.0f} | {level.count('error')} | "
        f"{level.count('conflict')} |"
    )


def load_text(load: tuple[float, float, float]) -> str:
    return " / ".join(f"{value:.2f}" for value in load)


def report(
    levels: list[Level],
    probes: list[tuple[Config, Level]],
    site: Site,
    sign_ins: list[float],
    *,
    load_before: tuple,
    load_after: tuple,
    database: str,
    comments: int,
) -> None:
    import django
    import gunicorn

    cores = os.cpu_count() or 1
    out = []
    out.append("# Load test (bench/load.py)")
    out.append("")
    out.append(
        f"Python {platform.python_version()}, Django {django.get_version()}, gunicorn {gunicorn.__version__} "
        f"(gthread, {site.config}, keep-alive {KEEP_ALIVE} s, DB_CONN_MAX_AGE=60, DEBUG off, whitenoise) · "
        f"{describe_cpu()} · {database} · load average (1/5/15 min) before {load_text(load_before)}, "
        f"after {load_text(load_after)}"
    )
    out.append("")
    out.append(
        "Closed loop on 127.0.0.1, no think time; each virtual user has one keep-alive connection and signed in "
        "once through the form. Times are client-side (request sent to body read), in ms."
    )
    if probes:
        out.append("")
        out.append(f"Worker settings tried ({probes[0][1].users} users, {probes[0][1].seconds:.0f} s each):")
        out.append("")
        out.append("| settings | req/s | p95 ms | errors |")
        out.append("|---|---|---|---|")
        for config, probe in probes:
            chosen = " (kept)" if config == site.config else ""
            out.append(
                f"| {config}{chosen} | {probe.throughput:.1f} | {probe.percentile(0.95):.0f} | {probe.count('error')} |"
            )
    out.append("")
    out.append("| users | requests | throughput (req/s) | p50 ms | p95 ms | p99 ms | errors | conflicts |")
    out.append("|---|---|---|---|---|---|---|---|")
    out.extend(level_row(level) for level in levels)
    out.append("")
    out.append("Where the time went (CPU shares are of all the machine's CPUs over the level):")
    out.append("")
    for level in levels:
        cut = ", stopped at the request limit" if level.requests_cut else ""
        per_request = (level.server_cpu + level.database_cpu) / max(level.requests, 1)
        out.append(
            f"- {level.users} users, {level.seconds:.1f} s{cut}: gunicorn "
            f"{100 * level.server_cpu / level.seconds / cores:.0f}% "
            f"({1000 * level.server_cpu / max(level.requests, 1):.1f} ms CPU a request), PostgreSQL backends "
            f"{100 * level.database_cpu / level.seconds / cores:.0f}% "
            f"({1000 * level.database_cpu / max(level.requests, 1):.1f} ms), this load generator "
            f"{100 * level.client_cpu / level.seconds / cores:.0f}%, the whole machine "
            f"{100 * level.machine_busy:.0f}% busy; so with all {cores} CPUs to itself the site would top out near "
            f"{cores / per_request if per_request else 0:.0f} req/s (an estimate). Load average "
            f"{load_text(level.load_before)} → {load_text(level.load_after)}. Connections held per worker: "
            f"{'/'.join(map(str, level.connections)) or 'none seen'}; {level.reconnects} keep-alive reconnects."
        )
    goal = next((level for level in levels if level.users == GOAL_USERS), None)
    out.append("")
    if goal is None:
        out.append(f"Goals (at {GOAL_USERS} users): not measured in this run (no {GOAL_USERS}-user level).")
    else:
        checks = [
            (f"≥ {GOAL_RPS} req/s", f"{goal.throughput:.1f}", goal.throughput >= GOAL_RPS),
            (f"p95 < {GOAL_P95_MS} ms", f"{goal.percentile(0.95):.0f} ms", goal.percentile(0.95) < GOAL_P95_MS),
            ("0 errors", str(goal.count("error")), goal.count("error") == 0),
        ]
        verdicts = "; ".join(f"{name}: {value}, {'met' if ok else 'NOT met'}" for name, value, ok in checks)
        overall = "all met" if all(ok for *_, ok in checks) else "NOT met"
        out.append(f"Goals at {GOAL_USERS} users: {verdicts}. Overall: {overall}.")
        busy = max(load_before[0], goal.load_before[0])
        if busy > cores:
            out.append(
                f"(The machine was busy before the run (load average {busy:.2f} on {cores} CPUs): "
                "other work shared the CPUs, so these figures understate what the site does alone.)"
            )
    last = goal or (levels[-1] if levels else None)
    if last is not None:
        out.append("")
        out.append(f"Per request kind at {last.users} users:")
        out.append("")
        out.append("| request | count | share | p50 ms | p95 ms | errors | conflicts |")
        out.append("|---|---|---|---|---|---|---|")
        by_label: dict[str, list[Record]] = defaultdict(list)
        for record in last.records:
            by_label[record.label].append(record)
        for label, records in sorted(by_label.items(), key=lambda item: -len(item[1])):
            times = [record.seconds for record in records]
            out.append(
                f"| {label} | {len(records)} | {100 * len(records) / last.requests:.1f}% | "
                f"{percentile(times, 0.5) * 1000:.0f} | {percentile(times, 0.95) * 1000:.0f} | "
                f"{sum(r.outcome == 'error' for r in records)} | {sum(r.outcome == 'conflict' for r in records)} |"
            )
        total = sum(last.actions.values())
        shares = ", ".join(f"{name} {100 * n / total:.1f}%" for name, n in last.actions.most_common())
        out.append("")
        out.append(f"User actions at {last.users} users ({total}): {shares}.")
    out.append("")
    if sign_ins:
        out.append(
            f"Sign-ins: {len(sign_ins)}, p50 {percentile(sign_ins, 0.5) * 1000:.0f} ms (PBKDF2, "
            f"{SIGN_IN_CONCURRENCY} at a time, before the timed levels). Comments on the framework at the end: {comments}."
        )
    problems = [problem for level in levels for problem in level.problems]
    if problems:
        out.append("")
        out.append("First errors:")
        out.extend(f"- {problem}" for problem in problems[:10])
    print("\n".join(out), flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", default="10,25,50", help="virtual users per level, comma-separated (10,25,50)")
    parser.add_argument("--duration", type=float, help="seconds per level (default 20, or 5 with --quick)")
    parser.add_argument("--quick", action="store_true", help="5 s per level, shorter probes")
    parser.add_argument("--max-requests", type=int, default=20000, help="at most this many requests per level (20000)")
    parser.add_argument(
        "--configs",
        default="3x4,5x2,3x4:auto",
        help="gunicorn WORKERSxTHREADS[:CONNECTIONS a worker, or :auto for an even share] to try, "
        "comma-separated; the fastest without errors at the largest level is kept, or the fastest "
        "(3x4,5x2,3x4:auto)",
    )
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL, help="a postgres:// URL to create and drop")
    args = parser.parse_args(argv)
    levels_wanted = [int(n) for n in args.users.split(",") if n.strip()]
    if not levels_wanted or min(levels_wanted) < 1:
        parser.error("--users needs at least one number, each 1 or more")
    configs = [Config.parse(text, max(levels_wanted)) for text in args.configs.split(",") if text.strip()]
    duration = args.duration or (5.0 if args.quick else 20.0)
    probe_seconds = 3.0 if args.quick else 5.0
    if not configs:
        parser.error("--configs needs at least one value")
    for config in configs:
        if config.connections and config.workers * config.connections < max(levels_wanted):
            # Every user holds a connection for the whole run: the rest would wait in the backlog.
            parser.error(f"{config} holds fewer connections than the {max(levels_wanted)} users")
    if not (ROOT / "static" / "build" / "app.css").exists():
        sys.exit("static/build is missing: run `make install` first.")

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    began = time.perf_counter()
    load_before = os.getloadavg()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("--database-url must be a postgres:// URL: several processes share the database.")
    workdir = Path(tempfile.mkdtemp(prefix="lpsa-bench-load-"))
    media, static = workdir / "media", workdir / "static"
    media.mkdir()
    database = ThrowawayDatabase(args.database_url, MARKER)
    site: Site | None = None
    try:
        url = database.create()
        # Read by the settings when Django starts: approved PDFs into the shared MEDIA_ROOT,
        # rendered at once in this process; e-mails kept in memory.
        os.environ["MEDIA_ROOT"] = str(media)
        os.environ["TASKS_BACKEND"] = IMMEDIATE
        os.environ["EMAIL_BACKEND"] = LOCMEM_MAIL
        say(f"Migrating {database.name} ...")
        set_up_django(database, url)
        say("Loading the Hampshire demo and approving Stage One (the PDF renders now) ...")
        scenario = prepare()
        env = child_environment(url, media, static)
        say("Collecting static files ...")
        collect_static(env)
        site = Site(env, workdir)
        site.worker = start(
            "task worker",
            ["manage.py", "db_worker", "--interval", "0.5", "--no-startup-delay", "--no-reload"],
            env=env,
            log=workdir / "worker.log",
        )

        biggest = max(levels_wanted)
        users = browsers(biggest, 0)
        sign_ins: list[float] = []
        probes: list[tuple[Config, Level]] = []
        for number, config in enumerate(configs):
            say(f"Starting gunicorn: {config} ...")
            site.serve(config)
            point_at(users, site.port)
            if number == 0:
                say(f"Signing in {biggest} users ...")
                sign_ins = sign_in_all(users)
            if len(configs) == 1:
                break
            mix = Mix(scenario, [user.username for user in users])
            run_level(users, mix, WARM_UP, args.max_requests, server=site.server, port=site.port)
            say(f"Probing {config} with {biggest} users for {probe_seconds:.0f} s ...")
            probe = run_level(users, mix, probe_seconds, args.max_requests, server=site.server, port=site.port)
            probes.append((config, probe))
        if probes:
            clean = [item for item in probes if item[1].count("error") == 0] or probes
            best = max(clean, key=lambda item: item[1].throughput)[0]
            if best != site.config:
                say(f"Keeping {best}: restarting gunicorn ...")
                site.serve(best)
                point_at(users, site.port)
            else:
                say(f"Keeping {best}.")
        mix_all = Mix(scenario, [user.username for user in users])
        run_level(users, mix_all, WARM_UP, args.max_requests, server=site.server, port=site.port)

        levels: list[Level] = []
        for count in levels_wanted:
            time.sleep(PAUSE)
            site.server.check_running()
            group = users[:count]
            say(f"Level: {count} users for {duration:.0f} s ...")
            level = run_level(
                group,
                Mix(scenario, [user.username for user in group]),
                duration,
                args.max_requests,
                server=site.server,
                port=site.port,
            )
            levels.append(level)
            say(
                f"  {level.requests} requests, {level.throughput:.1f} req/s, p95 {level.percentile(0.95):.0f} ms, "
                f"{level.count('error')} errors"
            )
        for user in users:
            user.close()
        site.server.check_running()
        site.worker.check_running()
        from lpsa.models import Comment

        comments = Comment.objects.filter(framework__slug=scenario.slug).count()
        report(
            levels,
            probes,
            site,
            sign_ins,
            load_before=load_before,
            load_after=os.getloadavg(),
            database=describe_database(),
            comments=comments,
        )
        if any(level.count("error") for level in levels) and site.server is not None:
            say(f"\nThe end of the gunicorn log:\n{site.server.log_tail()}")
    finally:
        if site is not None:
            stop(site.children())
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        database.drop()
        shutil.rmtree(workdir, ignore_errors=True)
        say(
            f"Cleaned up (gunicorn and worker stopped, database dropped). Run time {time.perf_counter() - began:.0f} s."
        )


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        say("Interrupted.")  # after main()'s own clean-up
        sys.exit(130)
