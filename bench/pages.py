"""How fast the dashboard and the framework overview are at national scale.

Builds a throwaway database, fills it with an LPSA2 framework for each of 27 county councils
(one of them grown tenfold), then times the pages through Django's test client and, as a
floor, a bare template that prints the same data already held in memory. Prints a Markdown
table. Never touches the developer's own database:

    .venv/bin/python bench/pages.py                 # a temporary SQLite file, deleted at the end
    .venv/bin/python bench/pages.py --database-url postgres://postgres@127.0.0.1:5432/lpsa_bench
    .venv/bin/python bench/pages.py --quick         # fewer requests, for a quick look

A PostgreSQL database is created (with a comment marking it as this script's), and dropped
at the end. An existing database without that comment is never touched.
"""

import argparse
import gc
import platform
import random
import re
import signal
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass

from national import (
    GROWN,
    MEASURED,
    SCALE,
    SEED,
    ThrowawayDatabase,
    build_dataset,
    describe_cpu,
    describe_database,
    p95,
    set_up_django,
    slug_of,
)

MARKER = "Throwaway database of bench/pages.py: dropped when the run ends."

# Bare templates: the same data and fields as each page, with nothing else (no base layout,
# no includes, no forms, no CSRF token, no middleware, no queries).
FLOOR_DASHBOARD = """{% for row in rows %}{% with fw=row.framework %}
<a href="{{ fw.get_absolute_url }}">{{ fw.title }}</a> {{ fw.council.name }} {{ fw.get_stage_display }}
{{ fw.next_deadline.0 }} {{ fw.next_deadline.1|date:"j F Y" }} {{ fw.days_to_deadline }} {{ fw.days_overdue }}
{% for gap in row.gaps %}<li>{{ gap }}</li>{% empty %}Nothing{% endfor %}
{% endwith %}{% endfor %}"""

FLOOR_FRAMEWORK = """{% load figures %}{{ framework.council.name }} {{ framework.title }}
{{ framework.get_stage_display }} {{ framework.next_deadline.0 }} {{ framework.next_deadline.1|date:"j F Y" }}
{{ framework.days_to_deadline }} {{ framework.potential_reward|money }} {{ framework.net_budget_requirement|money }}
{{ framework.pump_priming_grant|money }} {{ counts.priorities }} {{ counts.areas }} {{ counts.activities }}
{{ counts.indicators }} {{ counts.targets }} {% for gap in gaps %}<li>{{ gap }}</li>{% endfor %}
{% for priority in priorities %}
<a href="{% url 'priorities:priority' priority.pk %}">{{ priority.position }} {{ priority.title }}</a>
{{ priority.outcome }} {% if priority.leading_group %}{{ priority.leading_group.name }}
{{ priority.leading_group.lead_organisation.name }}{% endif %}{% if not priority.evidence %}No evidence{% endif %}
{% for area in priority.target_areas.all %}{{ area.pk }} {{ area.title }} {{ area.description }}
{% for indicator in area.indicators.all %}
<a href="{% url 'priorities:indicator' indicator.pk %}">{{ indicator.title }}</a> {{ indicator.is_illustrative }}
{% if indicator.baseline_value is None %}No baseline{% endif %}{% if not indicator.data_source %}No source{% endif %}
{% for target in indicator.targets_in_order %}
<tr><td>{% if target.parent_id %}&gt; {% endif %}{{ target }}</td><td>{{ target.period }}</td>
<td>{{ target.without_lpsa|figure }}</td><td>{{ target.with_lpsa|figure }}</td><td>{{ target.stretch|figure:True }}</td></tr>
{% empty %}No target{% endfor %}{% empty %}No indicator{% endfor %}{% endfor %}
{% for activity in priority.activities.all %}<li>{{ activity.title }} {{ activity.explorer_partnership }}</li>
{% endfor %}{% endfor %}"""


# --- measuring --------------------------------------------------------------------------


@dataclass
class Case:
    page: str
    dataset: str
    person: object
    url: str
    floor_template: str
    floor_context: dict


@dataclass
class Result:
    case: Case
    times: list[float]
    queries: list[int]
    floor: list[float]
    last_queries: list[str]


def dashboard_context(user) -> dict:
    """What the dashboard view hands its template, fetched once with the same queries."""
    from priorities import permissions as perms
    from priorities.gaps import framework_gaps

    frameworks = list(perms.frameworks_for(user).for_dashboard())
    gaps = framework_gaps(fw.pk for fw in frameworks)
    return {"rows": [{"framework": fw, "gaps": gaps[fw.pk]} for fw in frameworks]}


def framework_context(user, slug: str) -> dict:
    """What the framework overview hands its template, fetched once with the same prefetching."""
    from priorities import permissions as perms
    from priorities.gaps import framework_gaps

    framework = perms.get_framework_for_user(user, slug)
    priorities = list(framework.priorities.for_framework_page())
    areas = [a for p in priorities for a in p.target_areas.all()]
    indicators = [i for a in areas for i in a.indicators.all()]
    counts = {
        "priorities": len(priorities),
        "areas": len(areas),
        "activities": sum(len(p.activities.all()) for p in priorities),
        "indicators": len(indicators),
        "targets": sum(len(i.targets.all()) for i in indicators),
    }
    return {
        "framework": framework,
        "priorities": priorities,
        "counts": counts,
        "gaps": framework_gaps([framework.pk])[framework.pk],
    }


def time_page(case: Case, requests: int, warmup: int) -> Result:
    from django.db import connection
    from django.template import engines
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(case.person.user, backend="django.contrib.auth.backends.ModelBackend")
    for _ in range(warmup):
        check(client.get(case.url), case)
    gc.collect()
    times, queries = [], []
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(case.url)
            elapsed = time.perf_counter() - start
        check(response, case)
        times.append(elapsed * 1000)
        queries.append(len(captured.captured_queries))
    last = [q["sql"] for q in captured.captured_queries]

    template = engines["django"].from_string(case.floor_template)
    with CaptureQueriesContext(connection) as captured:
        template.render(case.floor_context)
    if captured.captured_queries:
        raise SystemExit(f"The floor of {case.page} queried the database: its data is not all in memory.")
    for _ in range(warmup):
        template.render(case.floor_context)
    gc.collect()
    floor = []
    for _ in range(requests):
        start = time.perf_counter()
        template.render(case.floor_context)
        floor.append((time.perf_counter() - start) * 1000)
    return Result(case, times, queries, floor, last)


def check(response, case: Case) -> None:
    if response.status_code != 200:
        raise SystemExit(f"{case.page} ({case.url}) answered {response.status_code}, not 200.")


def repeated(statements: list[str]) -> list[tuple[int, str]]:
    """Statements run more than once in one request once their literals are blanked: N+1 suspects."""
    shapes = Counter(re.sub(r"'[^']*'|\b\d+\b", "?", sql) for sql in statements)
    return [(n, shape) for shape, n in shapes.items() if n > 1]


def framework_size(framework) -> str:
    from priorities.models import Indicator, Priority, Target

    priorities = Priority.objects.filter(framework=framework).count()
    indicators = Indicator.objects.filter(target_area__priority__framework=framework).count()
    targets = Target.objects.filter(indicator__target_area__priority__framework=framework).count()
    return f"{priorities} priorities, {indicators} indicators, {targets} targets"


def cases(people: dict) -> list[Case]:
    """The pages to time, in the order of the table."""
    from django.urls import reverse

    from priorities import permissions as perms

    measured, grown, reviewer = people["officers"][MEASURED], people["officers"][GROWN], people["reviewer"]

    def dashboard(label: str, person) -> Case:
        context = dashboard_context(person.user)
        shown = len(context["rows"])
        label = f"{label}, {shown} framework{'' if shown == 1 else 's'}"
        return Case("dashboard", label, person, reverse("priorities:dashboard"), FLOOR_DASHBOARD, context)

    def overview(label: str, name: str, person) -> Case:
        framework = perms.get_framework_for_user(person.user, slug_of(name))
        url = reverse("priorities:framework", args=[framework.slug])
        context = framework_context(person.user, framework.slug)
        return Case(
            "framework overview", f"{label}: {name}, {framework_size(framework)}", person, url, FLOOR_FRAMEWORK, context
        )

    return [
        dashboard(f"national: {MEASURED} officer", measured),
        dashboard("national: government reviewer", reviewer),
        overview("national", MEASURED, measured),
        dashboard(f"{SCALE}x: {GROWN} officer", grown),
        overview(f"{SCALE}x", GROWN, grown),
    ]


# --- output -----------------------------------------------------------------------------


def describe_machine() -> str:
    """Two lines: the software and machine, then what the dataset holds."""
    import django
    from django.db import connection

    from partners.models import Organisation
    from priorities.models import Framework, Indicator, IndicatorActivity, Priority, Target

    kinds = Counter(Organisation.objects.values_list("kind", flat=True))
    return (
        f"Python {platform.python_version()}, Django {django.get_version()}, database vendor: {connection.vendor} "
        f"({describe_database()}); {describe_cpu()}\n"
        f"Dataset (random.Random({SEED})): {kinds[Organisation.Kind.COUNTY]} councils, "
        f"{kinds[Organisation.Kind.DISTRICT]} districts, {Framework.objects.count()} frameworks, "
        f"{Priority.objects.count()} priorities, {IndicatorActivity.objects.count()} activities, "
        f"{Indicator.objects.count()} indicators, {Target.objects.count()} targets "
        f"({Target.objects.filter(parent__isnull=False).count()} of them sub-targets); "
        f"{GROWN}'s framework is {MEASURED}'s grown {SCALE}x"
    )


def table(results: list[Result]) -> str:
    header = ["page", "dataset", "median ms", "p95 ms", "queries", "floor median ms", "floor p95 ms", "ratio"]
    rows = []
    for r in results:
        low, high = min(r.queries), max(r.queries)
        median, floor_median = statistics.median(r.times), statistics.median(r.floor)
        rows.append(
            [
                r.case.page,
                r.case.dataset,
                f"{median:.2f}",
                f"{p95(r.times):.2f}",
                str(low) if low == high else f"{low}-{high}",
                f"{floor_median:.2f}",
                f"{p95(r.floor):.2f}",
                f"{median / floor_median:.1f}x",
            ]
        )
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    right = {2, 3, 4, 5, 6, 7}

    def line(cells: list[str]) -> str:
        padded = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join(("-" * (w + 1) + ":") if i in right else ("-" * (w + 2)) for i, w in enumerate(widths)) + "|"
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, help="timed requests per page (default 50, or 10 with --quick)")
    parser.add_argument("--quick", action="store_true", help="10 requests per page and 2 warm-ups: a quick look")
    parser.add_argument(
        "--database-url", help="a PostgreSQL URL for a throwaway database, created and dropped here (default: SQLite)"
    )
    parser.add_argument("--show-queries", action="store_true", help="print each page's SQL to stderr")
    args = parser.parse_args(argv)
    requests = args.requests if args.requests is not None else 10 if args.quick else 50
    warmup = 2 if args.quick else 5
    if requests < 1:
        parser.error("--requests must be at least 1")

    # A plain `kill` should still drop the throwaway database, via the finally below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.perf_counter()
    database = ThrowawayDatabase(args.database_url, MARKER)
    url = database.create()
    try:
        set_up_django(database, url)
        ready = time.perf_counter()
        print(f"Database ready in {ready - started:.1f} s; generating the national dataset...", file=sys.stderr)
        people = build_dataset(random.Random(SEED))
        built = time.perf_counter()
        print(f"Dataset built in {built - ready:.1f} s; timing {requests} requests per page...", file=sys.stderr)
        results = [time_page(case, requests, warmup) for case in cases(people)]
        reviewer = people["reviewer"]
        header = describe_machine()
    finally:
        from django.db import connections

        connections.close_all()
        database.drop()
    finished = time.perf_counter()

    print(header)
    print(
        f"{requests} timed requests per page after {warmup} warm-ups; floor: the same data rendered bare, {requests} times."
    )
    print()
    print(table(results))
    print()
    for page in ("dashboard", "framework overview"):
        national, grown = (set(r.queries) for r in results if r.case.page == page and r.case.person != reviewer)
        verdict = "the same" if national == grown else "DIFFERENT: the query count grows with the framework"
        print(f"{page}: {sorted(national)} queries national, {sorted(grown)} at {SCALE}x: {verdict}.")
    suspects = [(r, n, shape) for r in results for n, shape in repeated(r.last_queries)]
    if suspects:
        for r, n, shape in suspects:
            print(f"Repeated in one request of {r.case.page} ({r.case.dataset}): {n} x {shape[:160]}")
    else:
        print("No query ran more than once in any one request (no N+1).")
    print(f"Run took {finished - started:.1f} s (setup {ready - started:.1f} s, data {built - ready:.1f} s).")
    if args.show_queries:
        for r in results:
            print(f"\n-- {r.case.page}, {r.case.dataset}: {len(r.last_queries)} queries", file=sys.stderr)
            for statement in r.last_queries:
                print(statement, file=sys.stderr)


if __name__ == "__main__":
    main()
