"""A bounded load test: Locust's users against the site served as in production, on 127.0.0.1.

Builds a throwaway PostgreSQL database, loads the Hampshire demo, has its chief executive
approve Stage One (the approved PDF is rendered at once, in this process) and signs every
user's session in with Django's own login; then serves the site through bench/harness.py
(gunicorn gthread workers, keep-alive, persistent database connections, whitenoise, DEBUG
off, with bench/floor.py's page added by bench/floor_settings.py) and its task worker. Locust
(bench/locustfile.py, headless, in a subprocess) runs two phases of the same length with the
same number of users in a closed loop: the floor alone, a signed-in page of one line, then
the realistic mix. The gunicorn processes' CPU time is read with psutil around each phase:

    .venv/bin/python bench/load.py                 # 50 users, 20 s a phase: about 2 minutes
    .venv/bin/python bench/load.py --quick         # 6 s a phase
    .venv/bin/python bench/load.py --users 20 --duration 60 --workers 2 --threads 8
    .venv/bin/python bench/load.py --database-url postgres://postgres@127.0.0.1:5432/lpsa_bench_load

Prints Markdown on stdout (progress goes to stderr), with `Goal` lines for bench/results.py.
The database is created with a comment marking it as this script's and dropped at the end;
the site's processes and Locust are stopped, even after Ctrl-C or `kill`.
"""

import argparse
import json
import os
import platform
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from harness import BENCH, HOST, Site, cpu_seconds, free_ports, server_environment
from national import ROOT, ThrowawayDatabase, describe_cpu, describe_database, set_up_django

MARKER = "Throwaway database of bench/load.py: dropped when the run ends."
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/lpsa_bench_load"
IMMEDIATE = "django.tasks.backends.immediate.ImmediateBackend"
LOCMEM_MAIL = "django.core.mail.backends.locmem.EmailBackend"
# Sessions are signed with it: this process, which signs the users in, and the web processes.
SECRET_KEY = "bench-load-only-" + secrets.token_urlsafe(40)
SETTINGS = "floor_settings"  # the product's settings and URLs, plus the floor page
LOCUST = Path(sys.executable).with_name("locust")
LOCUSTFILE = BENCH / "locustfile.py"
KEEP_ALIVE = 75  # seconds gunicorn keeps an idle connection open
CONN_MAX_AGE = 60  # persistent database connections, one per worker thread
ACCOUNTS = ("officer", "admin", "wglead", "chiefexec")
MIX = ("Officer", "Lead", "ChiefExecutive")  # bench/locustfile.py's user classes

# Goals for the mix, against the floor measured in the same run.
GOAL_USERS = 50
GOAL_RATIO = 0.5
GOAL_P95_MS = 200


def on_signal(number: int, _frame) -> None:
    """Ctrl-C or `kill`: unwind through the `finally` that stops the processes and drops the database."""
    if number == signal.SIGINT:
        raise KeyboardInterrupt
    sys.exit(128 + number)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- setup, in this process ----------------------------------------------------------------


def prepare(sessions_each: int) -> dict:
    """The Hampshire demo approved at Stage One with its PDF stored, and what Locust's users
    need: the items to visit, and ``sessions_each`` signed-in sessions per account."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from lpsa import demo
    from lpsa.models import Submission
    from lpsa.workflow import framework_move
    from priorities.models import Framework, Indicator, Stage, Target

    demo.load(password=secrets.token_urlsafe(16))
    users = get_user_model()
    framework = Framework.objects.get(slug="hampshire")
    officer = users.objects.get(username="officer")
    if framework.stage == Stage.ONE_DRAFTING:
        framework_move(framework=framework, move_name="start_consultation", user=officer)
    if framework.stage == Stage.ONE_CONSULTATION:
        framework_move(framework=framework, move_name="ask_approval_one", user=officer, reason="Please approve.")
    chief = users.objects.get(username="chiefexec")
    framework_move(framework=framework, move_name="approve_one", user=chief, declared=True)
    submission = Submission.objects.get(framework=framework, stage="one")
    if not submission.is_ready:
        sys.exit("The approval left the submission without its PDF: the rendering task did not run at once.")

    targets = list(
        Target.objects.filter(indicator__target_area__priority__framework=framework)
        .select_related("indicator")
        .order_by("pk")
    )
    editable, query = {}, []
    for target in targets:
        if target.with_lpsa is not None and target.without_lpsa is not None:
            query.append((f"final_{target.pk}", str(target.with_lpsa)))
            if target.interim_with_lpsa is not None:
                query.append((f"interim_{target.pk}", str(target.interim_with_lpsa)))
            # Lines whose figures are valid now: a step further (towards better) keeps them valid.
            if target.direction_problem(target.stretch) is None:
                better = 1 if target.indicator.direction == Indicator.Direction.HIGHER else -1
                editable[str(target.pk)] = (str(target.with_lpsa), better)
    priorities = list(framework.priorities.order_by("position").values_list("pk", flat=True))
    indicators = list(
        Indicator.objects.filter(target_area__priority__framework=framework).order_by("pk").values_list("pk", flat=True)
    )
    if not (priorities and indicators and editable):
        sys.exit("The demo has no priorities, indicators or editable targets to visit.")

    sessions = {}
    for username in ACCOUNTS:
        user = users.objects.get(username=username)
        keys = []
        for _ in range(sessions_each):
            client = Client()
            # Django's own login(), into the database the servers share, with the backend a
            # sign-in through the form records (axes only checks lockouts, it finds no user).
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            keys.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
        sessions[username] = keys
    return {
        "slug": framework.slug,
        "priorities": priorities,
        "indicators": indicators,
        "targets": [target.pk for target in targets],
        "editable": editable,
        "calculator_query": urlencode(query),
        "pdf_path": f"/submissions/{submission.pk}/pdf/",
        "pdf_sha256": submission.sha256,
        "pdf_size": submission.pdf.size,
        "floor_path": "/bench/floor/",
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "sessions": sessions,
    }


# --- a phase: Locust in a subprocess -------------------------------------------------------


@dataclass
class Row:
    """Locust's figures for one request name, or for all ("Aggregated")."""

    name: str
    requests: int
    failures: int
    throughput: float
    median: float
    p95: float


@dataclass
class Phase:
    name: str
    users: int
    seconds: float  # Locust's whole run, start-up included
    total: Row
    rows: list[Row]
    failures: list[tuple[str, str, int]]  # (request, error, occurrences)
    server_cpu: float  # seconds, gunicorn master and workers
    client_cpu: float  # seconds, the Locust process
    load_after: tuple[float, float, float]
    ratio: float | None = None  # throughput against the floor's
    notes: list[str] = field(default_factory=list)

    @property
    def cpu_ms_per_request(self) -> float:
        return 1000 * self.server_cpu / self.total.requests if self.total.requests else 0.0


def run_phase(
    name: str, classes: tuple[str, ...], users: int, seconds: float, *, args, site: Site, server, scenario: Path
) -> Phase:
    stem = site.workdir / name.split()[0]
    log, summary = stem.with_suffix(".log"), stem.with_suffix(".json")
    command = [
        str(LOCUST),
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--host",
        server.origin,
        "--users",
        str(users),
        "--spawn-rate",
        str(users),  # all of them within the first second
        "--run-time",
        f"{seconds:g}s",
        "--max-requests",
        str(args.max_requests),
        "--scenario",
        str(scenario),
        "--summary",
        str(summary),
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",  # failures are counted here; a non-zero status means Locust itself failed
        *classes,
    ]
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    site.check_running()
    server_before, client_before = cpu_seconds(server), resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with log.open("wb") as out:
        locust = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=out)
        try:
            status = locust.wait(timeout=seconds + 60)
        finally:
            if locust.poll() is None:  # interrupted, or hung: stop it before anything else
                locust.terminate()
                locust.wait(timeout=10)
    elapsed = time.perf_counter() - started
    server_cpu = cpu_seconds(server) - server_before
    client_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    client_cpu = (client_after.ru_utime - client_before.ru_utime) + (client_after.ru_stime - client_before.ru_stime)
    site.check_running()
    if status != 0:
        raise RuntimeError(f"Locust exited with {status}:\n{log.read_text(errors='replace')[-3000:]}")
    figures = json.loads(summary.read_text())
    return Phase(
        name=name,
        users=users,
        seconds=elapsed,
        total=Row(**figures["total"]),
        rows=[Row(**row) for row in figures["rows"]],
        failures=[tuple(error) for error in figures["errors"]],
        server_cpu=server_cpu,
        client_cpu=client_cpu,
        load_after=os.getloadavg(),
    )


# --- the report ----------------------------------------------------------------------------


def load_text(load: tuple[float, float, float]) -> str:
    return " / ".join(f"{value:.2f}" for value in load)


def report(phases: list[Phase], *, args, database: str, load_before: tuple, comments: int) -> None:
    from importlib.metadata import version

    import django
    import gunicorn

    cores = os.cpu_count() or 1
    floor, mix = phases
    mix.ratio = mix.total.throughput / floor.total.throughput if floor.total.throughput else 0.0
    floor.ratio = 1.0
    out = ["# Load test (bench/load.py)", ""]
    out.append(
        f"Locust {version('locust')} (headless, {LOCUSTFILE.name}, closed loop with no think time, on {HOST}) · "
        f"gunicorn {gunicorn.__version__} (gthread, {args.workers} workers x {args.threads} threads, keep-alive "
        f"{KEEP_ALIVE} s) · Django {django.get_version()}, DEBUG off, DB_CONN_MAX_AGE={CONN_MAX_AGE}, whitenoise, "
        f"cache {args.cache_url.split('://')[0]} · "
        f"Python {platform.python_version()} · {describe_cpu()} · {database} · load average (1/5/15 min) before "
        f"{load_text(load_before)}, after {load_text(phases[-1].load_after)}"
    )
    out.append("")
    out.append(
        "Each phase is one Locust run of the same length with the same users, all started in the first second; "
        "times are Locust's (request sent to body read), in ms. Server CPU is the gunicorn master's and workers' "
        "user and system time (psutil) over the phase, divided by its requests: the figure that compares across "
        "machines."
    )
    out.append("")
    out.append(
        "| phase | users | requests | errors | throughput (req/s) | median ms | p95 ms | server CPU ms / request "
        "| × floor throughput |"
    )
    out.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|")
    for phase in phases:
        t = phase.total
        out.append(
            f"| {phase.name} | {phase.users} | {t.requests} | {t.failures} | {t.throughput:.1f} | {t.median:.0f} | "
            f"{t.p95:.0f} | {phase.cpu_ms_per_request:.1f} | {phase.ratio:.2f} |"
        )
    out.append("")
    for phase in phases:
        cut = " (stopped at --max-requests)" if phase.total.requests >= args.max_requests else ""
        out.append(
            f"- {phase.name}: {phase.seconds:.1f} s{cut}; gunicorn used {100 * phase.server_cpu / phase.seconds / cores:.0f}% "
            f"of the {cores} CPUs, Locust {100 * phase.client_cpu / phase.seconds / cores:.0f}% (it shares them); "
            f"load average after {load_text(phase.load_after)}."
        )
    out.append("")
    out.append(f"The mix at {mix.users} users, per request:")
    out.append("")
    out.append("| request | count | share | median ms | p95 ms | errors |")
    out.append("|---|--:|--:|--:|--:|--:|")
    for row in sorted(mix.rows, key=lambda row: -row.requests):
        share = 100 * row.requests / mix.total.requests if mix.total.requests else 0
        out.append(
            f"| {row.name} | {row.requests} | {share:.1f}% | {row.median:.0f} | {row.p95:.0f} | {row.failures} |"
        )
    out.append("")
    out.append(f"Comments on the framework at the end: {comments}.")
    out.append("")
    if mix.users != GOAL_USERS:
        out.append(f"Goal (the mix at {GOAL_USERS} users): not measured, this run had {mix.users} users.")
    else:
        ratio_ok = mix.ratio >= GOAL_RATIO
        p95_ok = mix.total.p95 < GOAL_P95_MS
        errors = mix.total.failures + floor.total.failures
        out.append(
            f"Goal: the realistic mix at {GOAL_USERS} users reaches at least {GOAL_RATIO:g}× the floor's throughput "
            f"in the same run: {mix.total.throughput:.1f} req/s against {floor.total.throughput:.1f} "
            f"({mix.ratio:.2f}×): {'met' if ratio_ok else 'NOT met'}."
        )
        out.append(
            f"Goal: the realistic mix at {GOAL_USERS} users has p95 under {GOAL_P95_MS} ms: "
            f"{mix.total.p95:.0f} ms: {'met' if p95_ok else 'NOT met'}."
        )
        out.append(
            f"Goal: no errors at {GOAL_USERS} users: {mix.total.failures} in the mix, {floor.total.failures} on the "
            f"floor: {'met' if errors == 0 else 'NOT met'}."
        )
    failures = [(phase.name, *failure) for phase in phases for failure in phase.failures]
    if failures:
        out.append("")
        out.append("Errors:")
        out.extend(f"- {phase}: {name}: {error} ({count}×)" for phase, name, error, count in failures[:10])
    print("\n".join(out), flush=True)


# --- the run -------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=GOAL_USERS, help=f"Locust users in each phase ({GOAL_USERS})")
    parser.add_argument("--duration", type=float, help="seconds a phase (default 20, or 6 with --quick)")
    parser.add_argument("--quick", action="store_true", help="6 s a phase, a shorter warm-up")
    parser.add_argument("--max-requests", type=int, default=50000, help="at most this many requests a phase (50000)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (3)")
    parser.add_argument("--threads", type=int, default=4, help="threads a gunicorn worker (4)")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL, help="a postgres:// URL to create and drop")
    parser.add_argument(
        "--cache-url",
        default="redis://127.0.0.1:6379/3",
        help="the servers' shared cache of derived content (redis://...; locmem:// for one per process)",
    )
    args = parser.parse_args(argv)
    if args.users < 1 or args.workers < 1 or args.threads < 2:
        parser.error("--users and --workers need 1 or more, --threads 2 or more (gthread)")
    duration = args.duration or (6.0 if args.quick else 20.0)
    warm_up = 3.0 if args.quick else 6.0
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("--database-url must be a postgres:// URL: several processes share the database.")
    if not (ROOT / "static" / "build" / "app.css").exists():
        sys.exit("static/build is missing: run `make install` first.")
    if not LOCUST.exists():
        sys.exit(f"{LOCUST} is missing: Locust is in requirements-dev.txt (`make install`).")

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    began = time.perf_counter()
    load_before = os.getloadavg()
    workdir = Path(tempfile.mkdtemp(prefix="lpsa-bench-load-"))
    media = workdir / "media"
    media.mkdir()
    database = ThrowawayDatabase(args.database_url, MARKER)
    site: Site | None = None
    try:
        url = database.create()
        # Read by the settings when Django starts: approved PDFs into the shared MEDIA_ROOT,
        # rendered at once in this process; e-mails kept in memory; the servers' secret key.
        os.environ.update(
            {
                "MEDIA_ROOT": str(media),
                "TASKS_BACKEND": IMMEDIATE,
                "EMAIL_BACKEND": LOCMEM_MAIL,
                "SECRET_KEY": SECRET_KEY,
            }
        )
        say(f"Migrating {database.name} ...")
        set_up_django(database, url)
        say("Loading the Hampshire demo, approving Stage One (the PDF renders now), signing users in ...")
        scenario = workdir / "scenario.json"
        scenario.write_text(json.dumps(prepare(args.users)))
        env = server_environment(
            database_url=url,
            media_root=media,
            static_root=workdir / "static",
            secret_key=SECRET_KEY,
            conn_max_age=CONN_MAX_AGE,
            settings=SETTINGS,
            log_level="ERROR",  # no line per 409 conflict; errors still show
            cache_url=args.cache_url,
        )
        site = Site(env, workdir)
        site.start_worker()
        say("Collecting static files ...")
        site.collect_static()
        say(f"Starting gunicorn: {args.workers} workers x {args.threads} threads ...")
        server = site.start_web(
            "web", free_ports(1)[0], workers=args.workers, threads=args.threads, keep_alive=KEEP_ALIVE
        )

        def phase(name: str, classes: tuple[str, ...], users: int, seconds: float) -> Phase:
            say(f"{name}: {users} users for {seconds:g} s ...")
            done = run_phase(name, classes, users, seconds, args=args, site=site, server=server, scenario=scenario)
            say(
                f"  {done.total.requests} requests, {done.total.throughput:.1f} req/s, p95 {done.total.p95:.0f} ms, "
                f"{done.total.failures} errors, {done.cpu_ms_per_request:.1f} ms server CPU a request"
            )
            return done

        phase("warm-up (not reported)", (*MIX, "Floor"), min(args.users, 10), warm_up)
        phases = [phase("floor", ("Floor",), args.users, duration), phase("mix", MIX, args.users, duration)]
        from lpsa.models import Comment

        comments = Comment.objects.filter(framework__slug="hampshire").count()
        report(phases, args=args, database=describe_database(), load_before=load_before, comments=comments)
        if any(phase.total.failures for phase in phases):
            say(f"\nThe end of the gunicorn log:\n{server.log_tail()}")
    finally:
        if site is not None:
            site.stop()
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        database.drop()
        shutil.rmtree(workdir, ignore_errors=True)
        say(f"Cleaned up (gunicorn, worker stopped, database dropped). Run time {time.perf_counter() - began:.0f} s.")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        say("Interrupted.")  # after main()'s own clean-up
        sys.exit(130)
