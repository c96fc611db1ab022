"""Run the benchmarks and write bench/RESULTS.md from what they print.

Runs bench/pages.py and bench/pdf.py (and bench/load.py with --with-load), one after the
other, each as a subprocess with the same --database-url if one is given. Their progress goes
to the terminal; their standard output (Markdown tables and notes) goes into RESULTS.md, with
when and on what machine the run was made, and every goal they report, met or not:

    .venv/bin/python bench/results.py                  # pages.py and pdf.py, on SQLite
    .venv/bin/python bench/results.py --quick          # every script with --quick
    .venv/bin/python bench/results.py --with-load      # what `make bench` runs: and bench/load.py (it needs PostgreSQL)
    .venv/bin/python bench/results.py --database-url postgres://postgres@127.0.0.1:5432/lpsa_bench

RESULTS.md is written by this script only. It is written even when a script fails, saying
so, and the exit status is then 1.
"""

import argparse
import datetime
import os
import platform
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from national import ROOT, describe_cpu

BENCH = ROOT / "bench"
OUTPUT = BENCH / "RESULTS.md"
# The verdicts of bench/pdf.py's table of downloads, the goal met first.
PDF_VERDICTS = ("served from storage, never re-rendered", "NOT SHOWN to be served from storage")
PATIENCE = 30  # seconds a script gets to drop its database after Ctrl-C, before it is sent SIGTERM


@dataclass
class Script:
    name: str
    title: str
    args: list[str]
    stdout: str = ""
    returncode: int | None = None
    seconds: float = 0.0

    @property
    def command(self) -> str:
        return " ".join([".venv/bin/python", f"bench/{self.name}", *self.args])

    @property
    def failed(self) -> bool:
        return self.returncode != 0


# --- running ----------------------------------------------------------------------------

RUNNING: list[subprocess.Popen] = []


def on_sigterm(number: int, _frame) -> None:
    """Pass a `kill` on to the script running (it drops its own database), then stop."""
    for child in RUNNING:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    sys.exit(128 + number)


def run(script: Script) -> None:
    print(f"== {script.command}", file=sys.stderr, flush=True)
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, str(BENCH / script.name), *script.args], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    RUNNING.append(child)
    try:
        script.stdout, _ = child.communicate()
    except BaseException:
        # Ctrl-C reaches the script too (same process group), and on_sigterm passes a `kill`
        # on: either way the script drops its own database on its way out. Give it time to.
        try:
            child.communicate(timeout=PATIENCE)
        except subprocess.TimeoutExpired:
            child.terminate()
            child.communicate()
        raise
    finally:
        RUNNING.remove(child)
    script.returncode = child.returncode
    script.seconds = time.perf_counter() - start
    status = "done" if not script.failed else f"FAILED with exit status {script.returncode}"
    print(f"== bench/{script.name} {status} in {script.seconds:.0f} s", file=sys.stderr, flush=True)


# --- what the machine is ----------------------------------------------------------------


def git_commit() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return "unknown (not a git checkout)"
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return f"{commit}{' with uncommitted changes' if dirty else ''}"


def memory() -> str:
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GB memory"
    return "memory unknown"


def load_average() -> str:
    try:
        return " ".join(f"{n:.2f}" for n in os.getloadavg())
    except OSError:
        return "unknown"


def without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


# --- writing ----------------------------------------------------------------------------


def as_markdown(text: str) -> str:
    """A script's output with each line of prose its own paragraph; tables and lists kept whole.

    Its own headings are taken two levels down, under the heading of its section.
    """

    def kind(line: str) -> str:
        if line.startswith("|"):
            return "table"
        if line.startswith("- "):
            return "list"
        return "prose"

    out: list[str] = []
    for line in text.rstrip().splitlines():
        joined = out and line.strip() and out[-1].strip()
        if joined and (kind(line) == "prose" or kind(line) != kind(out[-1])):
            out.append("")
        out.append("##" + line.rstrip() if line.startswith("#") else line.rstrip())
    return "\n".join(out)


def goals(script: Script) -> list[str]:
    """The goals a script reports: its lines that start with "Goal", and pdf.py's verdicts."""
    lines = [line.strip() for line in script.stdout.splitlines() if line.startswith("Goal")]
    for line in script.stdout.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[-1] in PDF_VERDICTS:
            met = cells[-1] == PDF_VERDICTS[0]
            lines.append(
                f"Goal: the approved PDF of {cells[0]} is served from storage, never re-rendered: "
                f"{'met' if met else 'NOT met'}."
            )
    return lines


def document(scripts: list[Script], args: argparse.Namespace, started: datetime.datetime, info: dict) -> str:
    took = sum(s.seconds for s in scripts)
    database = (
        f"PostgreSQL, a throwaway database at {without_password(args.database_url)} (created and dropped by each script)"
        if args.database_url
        else "SQLite, a temporary file per script (bench/load.py, if run, uses its own PostgreSQL database)"
    )
    command = " ".join([".venv/bin/python", "bench/results.py", *sys.argv[1:]])
    out = [
        "# Benchmark results",
        "",
        f"Written by `bench/results.py`: do not edit by hand; run `{command}` again to refresh it.",
        "",
        f"- When: {started:%Y-%m-%d %H:%M} {started.tzname()}; the scripts took {took / 60:.1f} minutes in all.",
        f"- Machine: {describe_cpu()}; {memory()}.",
        f"- Load average (1, 5, 15 min): {info['load_before']} at the start, {info['load_after']} at the end.",
        f"- Software: Python {platform.python_version()}; git commit {info['commit']}.",
        f"- Database: {database}.",
        "",
        "## Goals",
        "",
    ]
    for script in scripts:
        found = goals(script)
        out.append(f"{script.title} (`bench/{script.name}`):")
        out.append("")
        if script.failed:
            out.append(f"- FAILED (exit status {script.returncode}): no goals could be judged.")
        elif not found:
            out.append("- No goals reported.")
        for line in found:
            out.append(f"- {line.removeprefix('Goal: ')}")
        out.append("")
    for script in scripts:
        out += [f"## {script.title}", "", f"`{script.command}`, {script.seconds:.0f} s.", ""]
        if script.failed:
            out += [f"**FAILED with exit status {script.returncode}**; what it printed before it stopped:", ""]
        out += [as_markdown(script.stdout) if script.stdout.strip() else "(It printed nothing.)", ""]
    if not args.with_load:
        out += ["## Load", "", "Not run: `bench/results.py --with-load` runs `bench/load.py` too.", ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="run every script with --quick")
    parser.add_argument(
        "--database-url", help="a postgres:// URL passed to every script, for its throwaway database (default: SQLite)"
    )
    parser.add_argument("--with-load", action="store_true", help="run bench/load.py too (it needs PostgreSQL)")
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"where to write (default {OUTPUT})")
    args = parser.parse_args(argv)
    if args.with_load and not (BENCH / "load.py").exists():
        parser.error("--with-load: bench/load.py does not exist")

    common = [
        *(["--quick"] if args.quick else []),
        *(["--database-url", args.database_url] if args.database_url else []),
    ]
    scripts = [Script("pages.py", "Page speed", common), Script("pdf.py", "Submission PDF", common)]
    if args.with_load:
        scripts.append(Script("load.py", "Load", common))

    signal.signal(signal.SIGTERM, on_sigterm)
    started = datetime.datetime.now().astimezone()
    info = {"load_before": load_average(), "commit": git_commit()}
    for script in scripts:
        run(script)
    info["load_after"] = load_average()
    text = document(scripts, args, started, info)
    partial = args.output.with_name(args.output.name + ".partial")
    partial.write_text(text + "\n")
    partial.replace(args.output)
    failed = [s.name for s in scripts if s.failed]
    print(f"Wrote {args.output}{'; FAILED: ' + ', '.join(failed) if failed else ''}.", file=sys.stderr)
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
