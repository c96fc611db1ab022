"""The server harness: the site served as in production, on the loopback, and stopped for sure.

Shared by bench/load.py and tests/scaleout (which imports it as ``bench.harness``), so it
imports nothing else from bench/. A `Site` runs `collectstatic` into its own STATIC_ROOT, then
gunicorn masters (DEBUG off, the production settings or a bench settings module) and the task
worker (`manage.py db_worker`), each in its own process group; leaving the `with` block stops
them all, after Ctrl-C or `kill` too (SIGTERM, then SIGKILL to whatever is left of each group),
and on Linux the children also get SIGTERM if the process that started them dies outright.

The database is the caller's: pytest-django's test database for the tests, a throwaway one
made by bench/national.py's `ThrowawayDatabase` for the benchmark. Every server binds to
127.0.0.1 only. Ports are any free ones, or, if ``LPSA_PORTS`` is set (``8310-8319``), only
free ones of that range, for machines where each user of the loopback keeps to its own ports.
"""

import contextlib
import ctypes
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
HOST = "127.0.0.1"  # loopback only, never another address
QUEUED = "django_tasks_db.DatabaseBackend"
LOCMEM_MAIL = "django.core.mail.backends.locmem.EmailBackend"
READY_TIMEOUT = 30  # seconds for a web process to answer /health/
STOP_PATIENCE = 10  # seconds between SIGTERM and SIGKILL


class HarnessError(RuntimeError):
    """A process of the site would not start, or stopped by itself."""


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path
    port: int = 0

    @property
    def pid(self) -> int:
        return self.popen.pid

    @property
    def origin(self) -> str:
        return f"http://{HOST}:{self.port}"

    def log_tail(self, chars: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else "(no log)"

    def check_running(self) -> None:
        if self.popen.poll() is not None:
            raise HarnessError(f"{self.name} exited with {self.popen.returncode}:\n{self.log_tail()}")


def free_ports(count: int) -> list[int]:
    """Ports nobody listens on now, held open together so that they differ; from ``LPSA_PORTS``
    (``FIRST-LAST``) if set."""
    wanted = os.environ.get("LPSA_PORTS", "").strip()
    candidates = [0] * count
    if wanted:
        first, _, last = wanted.partition("-")
        candidates = list(range(int(first), int(last or first) + 1))
    sockets: list[socket.socket] = []
    try:
        for port in candidates:
            if len(sockets) == count:
                break
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            try:
                sock.bind((HOST, port))
            except OSError:
                sock.close()
                continue
            sockets.append(sock)
        if len(sockets) < count:
            raise HarnessError(f"Fewer than {count} free ports in LPSA_PORTS={wanted}.")
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def server_environment(
    *,
    database_url: str,
    media_root: Path,
    static_root: Path,
    secret_key: str,
    conn_max_age: int = 0,
    settings: str = "lpsa.settings",
    log_level: str = "WARNING",
    cache_url: str | None = None,
) -> dict[str, str]:
    """Production settings for the children, on plain http on the loopback.

    ``settings`` may be a bench settings module (bench/floor_settings.py): bench/ is then put
    on the children's import path, and only theirs.
    """
    env = dict(os.environ)
    # The children are ordinary synchronous processes: no test escape hatch, no stray options.
    for name in ("DJANGO_ALLOW_ASYNC_UNSAFE", "GUNICORN_CMD_ARGS", "PYTHONPATH"):
        env.pop(name, None)
    if not settings.startswith("lpsa."):
        env["PYTHONPATH"] = str(BENCH)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": settings,
            "DEBUG": "false",
            "SECRET_KEY": secret_key,  # sessions are signed with it: every process must share one
            "ALLOWED_HOSTS": HOST,
            "CSRF_TRUSTED_ORIGINS": "",
            "SECURE_SSL_REDIRECT": "false",  # plain http on the loopback: no redirect to https
            "DATABASE_URL": database_url,
            "DB_CONN_MAX_AGE": str(conn_max_age),
            "MEDIA_ROOT": str(media_root),
            "STATIC_ROOT": str(static_root),
            "TASKS_BACKEND": QUEUED,  # production's queue, run by the db_worker
            "EMAIL_BACKEND": LOCMEM_MAIL,  # production mails through SMTP; nothing listens here
            "LOG_LEVEL": log_level,
            "PYTHONUNBUFFERED": "1",
        }
    )
    if cache_url is not None:
        # One shared cache, as production has; a key prefix of the run's own keeps it apart.
        env.update({"CACHE_URL": cache_url, "CACHE_KEY_PREFIX": f"bench-{os.getpid()}"})
    return env


def _die_with_parent() -> None:
    """In the child, before exec: get SIGTERM if the parent dies, even by SIGKILL (Linux)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def start(name: str, args: list[str], *, env: dict[str, str], log: Path, port: int = 0) -> Process:
    """``python ARGS`` in its own process group (Ctrl-C on the terminal does not reach it:
    the harness stops it), its output into ``log``."""
    with log.open("wb") as out:
        popen = subprocess.Popen(
            [sys.executable, *args],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
    return Process(name, popen, log, port)


def stop(processes: list[Process]) -> None:
    """SIGTERM to each process group together, then SIGKILL to any group still there.

    A group outlives its leader while a member is left, and Linux never reuses its id as a
    process id meanwhile, so killpg() only ever reaches the processes started here.
    """
    for process in processes:
        if process.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_PATIENCE
    for process in processes:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.popen.wait(timeout=max(deadline - time.monotonic(), 0.1))
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # whatever is left of the group
        if process.popen.poll() is None:
            process.popen.wait(timeout=STOP_PATIENCE)


def health(port: int) -> int:
    conn = http.client.HTTPConnection(HOST, port, timeout=2)
    try:
        conn.request("GET", "/health/")
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def wait_until_healthy(server: Process, timeout: float = READY_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        server.check_running()
        with contextlib.suppress(OSError):
            if health(server.port) == 200:
                return
        time.sleep(0.1)
    raise HarnessError(f"{server.name} did not answer /health/ within {timeout:.0f} s:\n{server.log_tail()}")


@dataclass
class Site:
    """The site's processes, stopped when the ``with`` block ends however it ends."""

    env: dict[str, str]
    workdir: Path
    processes: list[Process] = field(default_factory=list)

    def __enter__(self) -> "Site":
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()

    def stop(self) -> None:
        stop(self.processes)

    def collect_static(self) -> None:
        """With DEBUG off, whitenoise's manifest storage needs the collected, hashed files."""
        done = subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        if done.returncode != 0:
            raise HarnessError(f"collectstatic failed with production settings:\n{done.stderr[-3000:]}")

    def start_worker(self, *, interval: float = 0.5) -> Process:
        """`manage.py db_worker`: it renders PDFs from the app's own static files, so it may
        start before collectstatic."""
        args = ["manage.py", "db_worker", "--interval", str(interval), "--no-startup-delay", "--no-reload"]
        worker = start("task worker", args, env=self.env, log=self.workdir / "worker.log")
        self.processes.append(worker)
        return worker

    def start_web(
        self,
        name: str,
        port: int,
        *,
        workers: int = 1,
        threads: int = 1,
        keep_alive: int = 2,
        timeout: int = 60,
        wait: bool = True,
    ) -> Process:
        """A gunicorn master: sync workers for ``threads=1``, else gthread ones."""
        args = [
            "-m",
            "gunicorn",
            "lpsa.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            "--worker-class",
            "gthread" if threads > 1 else "sync",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--keep-alive",
            str(keep_alive),
            "--timeout",
            str(timeout),
            "--graceful-timeout",
            "5",
            # Otherwise every master would claim the same ~/.gunicorn/gunicorn.ctl.
            "--no-control-socket",
            "--error-logfile",
            "-",
        ]
        server = start(f"gunicorn {name}", args, env=self.env, log=self.workdir / f"gunicorn-{name}.log", port=port)
        self.processes.append(server)
        if wait:
            wait_until_healthy(server)
        return server

    def check_running(self) -> None:
        for process in self.processes:
            process.check_running()


def cpu_seconds(master: Process) -> float:
    """User and system CPU seconds used so far by a gunicorn master and its workers (psutil)."""
    import psutil

    try:
        parent = psutil.Process(master.pid)
        tree = [parent, *parent.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0.0
    for process in tree:
        with contextlib.suppress(psutil.NoSuchProcess):
            times = process.cpu_times()
            total += times.user + times.system
    return total
