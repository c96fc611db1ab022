"""How long the submission, monitoring report and claim PDFs take to make, and how long an approved one takes to download.

Builds a throwaway database, loads the Hampshire demo framework, then (after emptying the
database) the national dataset of bench/national.py, whose largest framework is Kent's,
grown tenfold. For each, at Stage One and Stage Two, it times the whole draft PDF (snapshot, template
and WeasyPrint) against a floor: WeasyPrint alone on the exact HTML the full path laid out,
through the product's own render_html_pdf() (the same settings, the garbage collector paused
in both). It then approves each framework's Stage One, and times the download of the stored
PDF through Django's test client. Last, on an agreement in delivery that it builds itself
(REPORT_PRIORITIES x REPORT_INDICATORS lines, each with a return every quarter of its three
years), it times the six-monthly monitoring report's PDF and the final claim's against the same floor. Prints
Markdown tables. Never touches the developer's own
database, nor the site's stored files:

    .venv/bin/python bench/pdf.py                 # a temporary SQLite file, deleted at the end
    .venv/bin/python bench/pdf.py --database-url postgres://postgres@127.0.0.1:5432/lpsa_bench_pdf
    .venv/bin/python bench/pdf.py --quick         # fewer runs, for a quick look

A PostgreSQL database is created (with a comment marking it as this script's), and dropped
at the end. An existing database without that comment is never touched. Approved PDFs are
stored in a temporary MEDIA_ROOT, deleted at the end.
"""

import argparse
import gc
import hashlib
import io
import os
import platform
import random
import secrets
import shutil
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

from national import (
    ROOT,
    SEED,
    ThrowawayDatabase,
    build_dataset,
    describe_cpu,
    describe_database,
    p95,
    set_up_django,
)

MARKER = "Throwaway database of bench/pdf.py: dropped when the run ends."
STAGES = ("one", "two")
STYLESHEET = ROOT / "static" / "build" / "submission.css"
STYLESHEET_SOURCE = ROOT / "static" / "src" / "submission.css"
DOWNLOADS_PER_RUN = 5  # downloads are cheap: time this many per render run, for a steadier p95
FAR_BELOW = 10  # a download this many times faster than a render cannot have rendered anything
BUDGET = 45  # seconds of timed runs per document by default: the largest Stage Two takes ~10 s a render
MIN_RUNS = 3
IMMEDIATE = "django.tasks.backends.immediate.ImmediateBackend"
REPORT_PRIORITIES = 8  # the agreement in delivery the monitoring report is timed on: 8 x 5 = 40 lines,
REPORT_INDICATORS = 5  # each its own numbered target, with 12 quarterly returns (480 in all)


@dataclass
class Subject:
    """A framework to time, who approves it and which officer of its council downloads it."""

    label: str
    framework: object
    approver: object
    reader: object


@dataclass
class Render:
    subject: Subject
    stage: str
    full: list[float]
    full_cpu: list[float]
    snapshot: list[float]
    html: list[float]
    floor: list[float]
    floor_cpu: list[float]
    queries: set[int]
    pages: int
    size: int
    warmup: float  # the untimed first run
    html_laid_out: str  # what the full path last handed WeasyPrint: the floor lays out the same


@dataclass
class Download:
    subject: Subject
    stage: str
    version: int
    size: int
    approve: float
    times: list[float]
    identical: int
    renders: int


# --- the frameworks -------------------------------------------------------------------------


def size_of(framework) -> str:
    from priorities.models import Indicator, Priority, Target

    priorities = Priority.objects.filter(framework=framework).count()
    indicators = Indicator.objects.filter(target_area__priority__framework=framework).count()
    targets = Target.objects.filter(indicator__target_area__priority__framework=framework).count()
    return f"{priorities} priorities, {indicators} indicators, {targets} targets"


def people_of(framework) -> tuple[object, object]:
    """Who approves (the chief executive, or else an officer) and an officer who downloads."""
    from partners.models import Person

    staff = Person.objects.filter(organisation_id=framework.council_id).select_related("user").order_by("pk")
    officer = staff.filter(role=Person.Role.OFFICER).first()
    if officer is None:
        raise SystemExit(f"{framework.council} has no officer to download its submission.")
    chief = staff.filter(role=Person.Role.CHIEF_EXECUTIVE).first() or officer
    return chief.user, officer.user


def demo_subject() -> Subject:
    """The demo data, loaded as `manage.py load_demo` loads it; its Hampshire framework."""
    import lpsa.demo
    from priorities.models import Framework

    lpsa.demo.load(password=secrets.token_urlsafe(16))
    framework = Framework.objects.select_related("council").get(slug="hampshire")
    approver, reader = people_of(framework)
    return Subject(f"demo: {framework.council.short_name}, {size_of(framework)}", framework, approver, reader)


def largest_subject(count: int) -> Subject:
    """The national framework with the most indicators and targets."""
    from django.db.models import Count

    from priorities.models import Framework

    frameworks = Framework.objects.select_related("council").annotate(
        n_indicators=Count("priorities__target_areas__indicators", distinct=True),
        n_targets=Count("priorities__target_areas__indicators__targets", distinct=True),
    )
    framework = max(frameworks, key=lambda f: (f.n_indicators + f.n_targets, -f.pk))
    approver, reader = people_of(framework)
    label = f"national: {framework.council.short_name} (largest of {count}), {size_of(framework)}"
    return Subject(label, framework, approver, reader)


def delivery_subject() -> tuple[Subject, object]:
    """An agreement in delivery, built here from the models: many lines, a return every quarter.

    Returns the subject and the half-year its report is made for (the agreement's last).
    """
    import datetime
    from decimal import Decimal

    from django.contrib.auth import get_user_model

    from delivery.models import FreedomProgress, PerformanceReturn, Spend
    from delivery.periods import Frequency, periods_between
    from delivery.report import report_halves
    from partners.models import Organisation, Person
    from priorities.models import (
        AgreementTarget,
        Framework,
        Freedom,
        Indicator,
        IndicatorActivity,
        Priority,
        PumpPriming,
        Stage,
        Target,
        TargetArea,
    )

    start, end = datetime.date(2005, 4, 1), datetime.date(2008, 3, 31)
    council = Organisation.objects.create(name="Benchshire County Council", kind=Organisation.Kind.COUNTY)
    user = get_user_model().objects.create_user(username="bench-officer", password=secrets.token_urlsafe(16))
    Person.objects.create(user=user, organisation=council, role=Person.Role.OFFICER)
    framework = Framework.objects.create(
        council=council,
        slug="benchshire",
        title="Benchshire LPSA2",
        stage=Stage.TWO_DRAFTING,
        stage_one_deadline=datetime.date(2004, 7, 31),
        stage_two_deadline=datetime.date(2004, 11, 30),
        agreement_start=start,
        agreement_end=end,
        signed_on=datetime.date(2005, 3, 10),
        net_budget_requirement=1_000_000_000,
        pump_priming_grant=1_000_000,
    )
    rng = random.Random(SEED)
    quarters = periods_between(start, end, Frequency.QUARTER)
    returns = []
    for p in range(REPORT_PRIORITIES):
        priority = Priority.objects.create(
            framework=framework, title=f"Priority {p + 1}", outcome="Safer streets", evidence="Community strategy"
        )
        area = TargetArea.objects.create(priority=priority, title=f"Area {p + 1}")
        IndicatorActivity.objects.create(priority=priority, title=f"Neighbourhood wardens, round {p + 1}")
        for i in range(REPORT_INDICATORS):
            higher = (p + i) % 2 == 0
            indicator = Indicator.objects.create(
                target_area=area,
                title=f"Indicator {p + 1}.{i + 1}",
                definition="Residents who feel safe after dark",
                data_source="Residents' survey",
                collection_frequency="Quarterly",
                direction=Indicator.Direction.HIGHER if higher else Indicator.Direction.LOWER,
                unit="%",
                baseline_year="2003/04",
                baseline_value=Decimal(50),
            )
            numbered = AgreementTarget.objects.create(framework=framework, priority=priority, title=indicator.title)
            line = Target.objects.create(
                indicator=indicator,
                agreement_target=numbered,
                period="2007/08",
                without_lpsa=Decimal(51 if higher else 49),
                with_lpsa=Decimal(56 if higher else 44),
                status="agreed",
            )
            for n, quarter in enumerate(quarters):
                drift = Decimal(n * (1 if higher else -1)) / 3
                returns.append(
                    PerformanceReturn(
                        line=line,
                        period=quarter.key,
                        period_end=quarter.last_day,
                        actual=(Decimal(50) + drift + Decimal(rng.randint(-10, 10)) / 10).quantize(Decimal("0.1")),
                        status=PerformanceReturn.Status.FINAL
                        if quarter.is_year_end
                        else PerformanceReturn.Status.ESTIMATE,
                        source="Residents' survey",
                        note=f"Quarter {n + 1}: the wardens covered {rng.randint(10, 40)} streets."
                        if n % 3 == 0
                        else "",
                        entered_by=user,
                    )
                )
            if i == 0:
                allocation = PumpPriming.objects.create(
                    framework=framework, target=line, amount=100_000, kind="revenue", spend_on="Wardens"
                )
                for year in ("2005/06", "2006/07"):
                    Spend.objects.create(allocation=allocation, year=year, amount=30_000)
                freedom = Freedom.objects.create(target=line, request="Relax a reporting rule", kind="administrative")
                FreedomProgress.objects.create(freedom=freedom, answer="Agreed in principle")
    PerformanceReturn.objects.bulk_create(returns)
    framework.stage = Stage.IN_DELIVERY
    framework.save(update_fields=["stage"])
    half = report_halves(framework)[-1]
    lines = REPORT_PRIORITIES * REPORT_INDICATORS
    label = f"delivery: {lines} lines, {len(returns)} returns"
    return Subject(label, framework, user, user), half


# --- stopping -------------------------------------------------------------------------

# WeasyPrint catches BaseException while it draws an SVG image (weasyprint/images.py): a
# Ctrl-C or `kill` that lands while a chart is drawn is logged as "Failed to render SVG image"
# and swallowed. Django's ImmediateBackend swallows SystemExit raised inside a task the same
# way. The signal is noted here too, and the run stops after the render it hit.
STOP: list[int] = []


def on_signal(number: int, _frame) -> None:
    STOP.append(number)
    if number == signal.SIGINT:
        raise KeyboardInterrupt
    sys.exit(128 + number)


def stop_if_asked() -> None:
    if STOP:
        print(f"Stopped by signal {STOP[0]}.", file=sys.stderr)
        sys.exit(128 + STOP[0])


# --- measuring --------------------------------------------------------------------------


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def laid_out(html: str) -> tuple[bytes, float, float]:
    """The floor: WeasyPrint alone on the HTML, laid out as the full path lays it out.

    That is lpsa.pdf.render_html_pdf(), the product's one call of WeasyPrint, which every
    full path here ends in: the same base URL, static-only fetcher, stylesheets and fonts
    (linked from the HTML), PDF/UA-1, and the garbage collector paused in both.
    """
    from lpsa.pdf import render_html_pdf

    cpu, start = time.process_time(), time.perf_counter()
    pdf = render_html_pdf(html)
    return pdf, (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000


def keeping_html(kept: list[str]):
    """Inside it, each HTML the product hands to render_html_pdf() is kept, for the floor to lay out."""
    import lpsa.pdf

    original = lpsa.pdf.render_html_pdf

    def keep(html: str) -> bytes:
        kept.append(html)
        return original(html)

    return mock.patch.object(lpsa.pdf, "render_html_pdf", keep)


def time_in_turn(result: "Render", runs: int, full, label: str) -> None:
    """Full and floor, run by run in turn (which goes first alternates), a collection before each.

    ``full()`` gives (pdf, html, wall ms, CPU ms, first part ms, second part ms, queries). The
    floor lays out the HTML the full path laid out (the same on every run: a draft of data that
    does not change), so noise on the machine falls on both alike.
    """

    def full_turn() -> None:
        gc.collect()
        _, result.html_laid_out, elapsed, cpu, first, second, queries = full()
        stop_if_asked()
        result.full.append(elapsed)
        result.full_cpu.append(cpu)
        result.snapshot.append(first)
        result.html.append(second)
        result.queries.add(queries)

    def floor_turn() -> None:
        gc.collect()
        pdf, elapsed, cpu = laid_out(result.html_laid_out)
        stop_if_asked()
        result.floor.append(elapsed)
        result.floor_cpu.append(cpu)
        if len(result.floor) == 1 and page_count(pdf) != result.pages:
            raise SystemExit(f"The floor of {label} has a different number of pages.")

    for run in range(runs):
        for turn in (full_turn, floor_turn) if run % 2 == 0 else (floor_turn, full_turn):
            turn()


def time_renders(subject: Subject, stage: str, runs: int, budget: float | None) -> Render:
    """The whole draft PDF against WeasyPrint alone on its HTML, run by run in turn, after one warm-up.

    With a ``budget`` (seconds), the runs are cut to what fits in it, judged by the warm-up.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lpsa.pdf import render_submission_html, render_submission_pdf
    from lpsa.snapshot import framework_snapshot

    framework = subject.framework
    options = {"stage": stage, "version": None, "approval": None}

    def full() -> tuple[bytes, str, float, float, float, float, int]:
        kept: list[str] = []
        with CaptureQueriesContext(connection) as captured, keeping_html(kept):
            cpu, start = time.process_time(), time.perf_counter()
            snapshot = framework_snapshot(framework)
            middle = time.perf_counter()
            pdf = render_submission_pdf(snapshot, **options)
            end, cpu = time.perf_counter(), time.process_time() - cpu
        # The HTML's own share, timed apart: the same call render_submission_pdf() makes.
        made = time.perf_counter()
        render_submission_html(snapshot, for_pdf=True, **options)
        html_ms = (time.perf_counter() - made) * 1000
        elapsed, snapshot_ms = (end - start) * 1000, (middle - start) * 1000
        return pdf, kept[0], elapsed, cpu * 1000, snapshot_ms, html_ms, len(captured.captured_queries)

    pdf, html, warmup, *_ = full()
    stop_if_asked()
    if budget is not None:  # as many runs as fit the budget, but never fewer than MIN_RUNS
        runs = max(min(runs, MIN_RUNS), min(runs, int(budget * 1000 / (2 * warmup))))
    result = Render(subject, stage, [], [], [], [], [], [], set(), page_count(pdf), len(pdf), warmup, html)
    time_in_turn(result, runs, full, f"{subject.label}, Stage {stage}")
    return result


def time_report(subject: Subject, half, runs: int, budget: float | None) -> Render:
    """The whole monitoring report PDF (its context, template and WeasyPrint) against WeasyPrint alone.

    The report is laid out in this process: the child process a request uses adds the start
    of a Python process, which the submission's timings leave out too.
    """
    from django.template.loader import render_to_string

    from delivery.report import TEMPLATE, report_context

    framework, user = subject.framework, subject.reader

    def build() -> tuple[dict, str]:
        context = report_context(framework, user, half, for_pdf=True)
        return context, TEMPLATE

    return time_document(subject, f"report {half.key}", build, render_to_string, runs, budget)


def time_claim(subject: Subject, runs: int, budget: float | None) -> Render:
    """The final claim's PDF (its figures from the final returns, its template and WeasyPrint) against WeasyPrint alone."""
    from django.template.loader import render_to_string

    from delivery.claim_pdf import claim_context
    from delivery.claim_services import claim_figures

    def build() -> tuple[dict, str]:
        return claim_context(claim_figures(subject.framework, "final")), "delivery/claims/claim_pdf.html"

    return time_document(subject, "final claim", build, render_to_string, runs, budget)


def time_document(subject: Subject, label: str, build, render_to_string, runs: int, budget: float | None) -> Render:
    """Time a delivery document: ``build()`` gives its context and template; full is that, the
    template and render_html_pdf(); the floor is render_html_pdf() alone on the same HTML."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lpsa.pdf import render_html_pdf

    def full() -> tuple[bytes, str, float, float, float, float, int]:
        with CaptureQueriesContext(connection) as captured:
            cpu, start = time.process_time(), time.perf_counter()
            context, template = build()
            middle = time.perf_counter()
            html = render_to_string(template, context)
            made = time.perf_counter()
            pdf = render_html_pdf(html)
            end, cpu = time.perf_counter(), time.process_time() - cpu
        return (
            pdf,
            html,
            (end - start) * 1000,
            cpu * 1000,
            (middle - start) * 1000,
            (made - middle) * 1000,
            len(captured.captured_queries),
        )

    pdf, html, warmup, *_ = full()
    stop_if_asked()
    if budget is not None:
        runs = max(min(runs, MIN_RUNS), min(runs, int(budget * 1000 / (2 * warmup))))
    result = Render(subject, label, [], [], [], [], [], [], set(), page_count(pdf), len(pdf), warmup, html)
    time_in_turn(result, runs, full, f"{subject.label}'s {label}")
    return result


def time_downloads(subject: Subject, requests: int) -> Download:
    """Approve Stage One (its task renders and stores the PDF, at once), then download it again and again."""
    import weasyprint
    from django.test import Client
    from django.urls import reverse

    from lpsa.services import submission_create

    start = time.perf_counter()
    submission = submission_create(framework=subject.framework, stage="one", approved_by=subject.approver)
    approve = (time.perf_counter() - start) * 1000
    stop_if_asked()
    submission.refresh_from_db()
    if not submission.sha256:
        raise SystemExit(
            f"submission_create() left {submission} without its PDF: the task that renders it did not run "
            f"at once (TASKS_BACKEND={os.environ['TASKS_BACKEND']}) or failed."
        )
    with submission.pdf.open("rb") as stored:
        size = len(stored.read())

    client = Client()
    client.force_login(subject.reader, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("lpsa:submission_pdf", args=[submission.pk])

    def download() -> bytes:
        response = client.get(url)
        if response.status_code != 200 or response["Content-Type"] != "application/pdf":
            raise SystemExit(f"{url} answered {response.status_code} {response['Content-Type']}, not a PDF.")
        return response.content

    # Every layout WeasyPrint does goes through HTML.render: count them while downloading.
    renders = []
    original = weasyprint.HTML.render

    def counted(self, *args, **kwargs):
        renders.append(self)
        return original(self, *args, **kwargs)

    times, identical = [], 0
    with mock.patch.object(weasyprint.HTML, "render", counted):
        download()
        gc.collect()
        for _ in range(requests):
            start = time.perf_counter()
            data = download()
            times.append((time.perf_counter() - start) * 1000)
            identical += hashlib.sha256(data).hexdigest() == submission.sha256
    return Download(subject, "one", submission.version, size, approve, times, identical, len(renders))


# --- output -----------------------------------------------------------------------------


def versions() -> str:
    import django
    import pydyf
    import pypdf
    import weasyprint
    from django.db import connection
    from weasyprint.text.ffi import pango

    number = pango.pango_version()
    pango_version = f"{number // 10000}.{number // 100 % 100}.{number % 100}"
    return (
        f"Python {platform.python_version()}, Django {django.get_version()}, WeasyPrint {weasyprint.__version__} "
        f"(pydyf {pydyf.__version__}, Pango {pango_version}), pypdf {pypdf.__version__}, "
        f"database vendor: {connection.vendor} ({describe_database()}); {describe_cpu()}"
    )


def markdown(header: list[str], rows: list[list[str]], text: set[int]) -> str:
    """A Markdown table: the columns numbered in ``text`` are aligned left, the figures right."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        padded = [c.ljust(w) if i in text else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join(("-" * (w + 2)) if i in text else ("-" * (w + 1) + ":") for i, w in enumerate(widths)) + "|"
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


def cpu_ratio(r: Render) -> float:
    return statistics.median(r.full_cpu) / statistics.median(r.floor_cpu)


def render_table(results: list[Render], parts: tuple[str, str] = ("snapshot ms", "HTML ms")) -> str:
    header = [
        "framework",
        "stage",
        "runs",
        "pages",
        "bytes",
        "queries",
        "full median ms",
        "full p95 ms",
        "floor median ms",
        "floor p95 ms",
        "ratio",
        "full CPU ms",
        "floor CPU ms",
        "CPU ratio",
        *parts,
    ]
    rows = []
    for r in results:
        median, floor_median = statistics.median(r.full), statistics.median(r.floor)
        cpu, floor_cpu = statistics.median(r.full_cpu), statistics.median(r.floor_cpu)
        rows.append(
            [
                r.subject.label,
                r.stage,
                str(len(r.full)),
                str(r.pages),
                f"{r.size:,}",
                "-".join(str(n) for n in sorted(r.queries)),
                f"{median:.0f}",
                f"{p95(r.full):.0f}",
                f"{floor_median:.0f}",
                f"{p95(r.floor):.0f}",
                f"{median / floor_median:.2f}x",
                f"{cpu:.0f}",
                f"{floor_cpu:.0f}",
                f"{cpu / floor_cpu:.2f}x",
                f"{statistics.median(r.snapshot):.1f}",
                f"{statistics.median(r.html):.1f}",
            ]
        )
    return markdown(header, rows, text={0, 1})


def download_table(downloads: list[Download], renders: list[Render]) -> str:
    header = [
        "approved PDF",
        "stage",
        "version",
        "bytes",
        "approve ms",
        "download median ms",
        "download p95 ms",
        "identical",
        "renders",
        "render / download",
        "verdict",
    ]
    rows = []
    for d in downloads:
        render = next(r for r in renders if r.subject is d.subject and r.stage == d.stage)
        median = statistics.median(d.times)
        times_faster = statistics.median(render.full) / median
        stored = d.identical == len(d.times) and d.renders == 0 and times_faster >= FAR_BELOW
        rows.append(
            [
                d.subject.label,
                d.stage,
                str(d.version),
                f"{d.size:,}",
                f"{d.approve:.0f}",
                f"{median:.2f}",
                f"{p95(d.times):.2f}",
                f"{d.identical}/{len(d.times)}",
                str(d.renders),
                f"{times_faster:,.0f}x",
                "served from storage, never re-rendered" if stored else "NOT SHOWN to be served from storage",
            ]
        )
    return markdown(header, rows, text={0, 1, len(header) - 1})


def load_average() -> str:
    try:
        return " ".join(f"{n:.2f}" for n in os.getloadavg())
    except OSError:
        return "unknown"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--runs",
        type=int,
        help=f"timed runs per document, exactly (default: 10, or 3 with --quick, fewer (at least {MIN_RUNS}) "
        f"for a document whose runs would take over {BUDGET} s)",
    )
    parser.add_argument("--quick", action="store_true", help="3 runs per document: a quick look")
    parser.add_argument(
        "--database-url", help="a PostgreSQL URL for a throwaway database, created and dropped here (default: SQLite)"
    )
    args = parser.parse_args(argv)
    runs = args.runs if args.runs is not None else 3 if args.quick else 10
    budget = None if args.runs is not None else BUDGET
    if runs < 1:
        parser.error("--runs must be at least 1")
    if not STYLESHEET.exists():
        sys.exit(f"{STYLESHEET.relative_to(ROOT)} is missing: run `make install` first.")
    if STYLESHEET_SOURCE.exists() and STYLESHEET_SOURCE.read_bytes() != STYLESHEET.read_bytes():
        sys.exit(
            f"{STYLESHEET.relative_to(ROOT)} is older than {STYLESHEET_SOURCE.relative_to(ROOT)}: run `make install`."
        )

    # A plain `kill` or Ctrl-C should still drop the throwaway database, via the finally below.
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    started = time.perf_counter()
    load_before = load_average()
    media = tempfile.mkdtemp(prefix="lpsa-bench-media-")
    # The settings read these when imported: approved PDFs go to the temporary folder, and the
    # task that renders an approved PDF runs at once, inside submission_create(), not in a worker.
    os.environ["MEDIA_ROOT"] = media
    os.environ["TASKS_BACKEND"] = IMMEDIATE
    # The demo submits a claim, which e-mails government: kept in memory, not printed into the tables.
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    database = ThrowawayDatabase(args.database_url, MARKER)
    url = database.create()
    try:
        set_up_django(database, url)
        from django.conf import settings
        from django.core.management import call_command

        from priorities.models import Framework

        if Path(settings.MEDIA_ROOT).resolve() != Path(media).resolve():
            sys.exit(f"Django stores files in {settings.MEDIA_ROOT}, not the temporary folder {media}.")
        ready = time.perf_counter()
        print(f"Database ready in {ready - started:.1f} s; loading the demo...", file=sys.stderr)

        first, cpu_first = time.perf_counter(), time.process_time()
        subject = demo_subject()
        renders = [time_renders(subject, stage, runs, budget) for stage in STAGES]
        downloads = [time_downloads(subject, runs * DOWNLOADS_PER_RUN)]
        demo_done = time.perf_counter()
        print(f"Demo timed in {demo_done - first:.1f} s; building the national dataset...", file=sys.stderr)

        # The national dataset has its own Hampshire (and the same slug): start again from empty.
        call_command("flush", interactive=False, verbosity=0)
        build_dataset(random.Random(SEED))
        subject = largest_subject(Framework.objects.count())
        built = time.perf_counter()
        print(f"Dataset built in {built - demo_done:.1f} s; timing {subject.label}...", file=sys.stderr)
        renders += [time_renders(subject, stage, runs, budget) for stage in STAGES]
        downloads.append(time_downloads(subject, runs * DOWNLOADS_PER_RUN))
        national_done = time.perf_counter()

        # The monitoring report, on an agreement in delivery built for it, from empty again.
        call_command("flush", interactive=False, verbosity=0)
        subject, half = delivery_subject()
        print(
            f"Agreement in delivery built in {time.perf_counter() - national_done:.1f} s; timing its report...",
            file=sys.stderr,
        )
        reports = [time_report(subject, half, runs, budget), time_claim(subject, runs, budget)]
        timed, cpu = time.perf_counter() - first, time.process_time() - cpu_first
        header = versions()
    finally:
        from django.db import connections

        connections.close_all()
        database.drop()
        shutil.rmtree(media, ignore_errors=True)
    finished = time.perf_counter()

    print(header)
    print(
        f"Load average (1, 5, 15 min): {load_before} at the start, {load_average()} at the end; this process was "
        f"on a CPU {cpu / timed:.0%} of the wall-clock time while measuring (the rest: waiting for the database, "
        f"or for other processes; near 100% means the times are not inflated by other work)."
    )
    cut = f" (fewer, at least {MIN_RUNS}, where they would take over {budget} s)" if budget else ""
    plural = "" if runs == 1 else "s"
    print(
        f"{runs} timed run{plural} per document{cut} after 1 warm-up, full and floor in turn (which goes first "
        f"alternates), a garbage collection before each. Full: framework_snapshot() + render_submission_pdf(), "
        f"draft. Floor: WeasyPrint alone on the HTML the full path handed it, through the same "
        f"render_html_pdf() (base URL, static-only fetcher, stylesheets and fonts, PDF/UA-1, the garbage "
        f"collector paused: as in the full path). CPU: this process's CPU time (medians), steadier than "
        f"wall-clock time on a busy machine. Snapshot and HTML (submission_context(), charts included, + the "
        f"template): medians of the parts of full. National dataset: random.Random({SEED})."
    )
    print()
    print(render_table(renders))
    print()
    print(
        f"Approved PDF: submission_create(stage='one') once, its rendering task run at once (approve ms: "
        f"snapshot, render, hash and store), then {runs * DOWNLOADS_PER_RUN} timed downloads through the test "
        f"client after 1 warm-up, each compared with the recorded SHA-256; renders: WeasyPrint layouts started "
        f"during the downloads."
    )
    print()
    print(download_table(downloads, renders))
    print()
    print(
        "Monitoring report: full is report_context() (the returns, ratings and charts) + its template + "
        "render_html_pdf(), for the agreement's last half-year, in this process. Final claim: claim_figures() "
        "(the final returns and the claim's arithmetic) + its template + render_html_pdf(). Floor: "
        "render_html_pdf() alone on the same HTML, as above. Context and HTML: medians "
        "of the parts of full."
    )
    print()
    print(render_table(reports, parts=("context ms", "HTML ms")))
    print()
    below = [f"{r.subject.label} {r.stage}" for r in renders + reports if cpu_ratio(r) < 1]
    print(
        "Floor check: the full path's median CPU is at least the floor's on every document."
        if not below
        else f"Floor check: the full path's median CPU reads below the floor's on {', '.join(below)} (noise: "
        "the floor is the full path's last step)."
    )
    print()
    print(
        f"The first render of the run ({renders[0].subject.label}, stage {renders[0].stage}, fonts and caches "
        f"cold) took {renders[0].warmup:.0f} ms."
    )
    print(f"Run took {finished - started:.1f} s (setup {ready - started:.1f} s).")


if __name__ == "__main__":
    main()
