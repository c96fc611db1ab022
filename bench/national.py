"""What the benchmarks share: a throwaway database, and the national dataset to fill it with.

Used by bench/pages.py, bench/pdf.py and bench/load.py. Never touches the developer's own
database: a `ThrowawayDatabase` is a temporary SQLite file, or a PostgreSQL database that is
created with a comment marking it as the benchmark's and dropped at the end. The dataset is
seeded, so every run builds the same rows: one framework for each of 27 county councils, one
of them grown tenfold (`build_dataset`), then taken into Stage Two through the app's own code,
with edits that leave history, comment threads, and Hampshire's approved, negotiated Stage Two
submission (`build_stage_two`, which bench/pages.py uses and bench/pdf.py does not).
"""

import contextlib
import datetime
import math
import os
import platform
import random
import shutil
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SEED = 2004

# The 27 two-tier county councils, with how many district councils each had in 2004.
# (In 2004 there were 34; Bedfordshire, Cheshire and Cornwall, and Durham, Northumberland,
# Shropshire and Wiltshire, left the two-tier list in 2009. These are the 27 that stayed.)
COUNTIES = {
    "Buckinghamshire": 4,
    "Cambridgeshire": 5,
    "Cumbria": 6,
    "Derbyshire": 8,
    "Devon": 8,
    "Dorset": 6,
    "East Sussex": 5,
    "Essex": 12,
    "Gloucestershire": 6,
    "Hampshire": 11,
    "Hertfordshire": 10,
    "Kent": 12,
    "Lancashire": 12,
    "Leicestershire": 7,
    "Lincolnshire": 7,
    "Norfolk": 7,
    "North Yorkshire": 7,
    "Northamptonshire": 7,
    "Nottinghamshire": 7,
    "Oxfordshire": 5,
    "Somerset": 5,
    "Staffordshire": 8,
    "Suffolk": 7,
    "Surrey": 11,
    "Warwickshire": 5,
    "West Sussex": 7,
    "Worcestershire": 6,
}
MEASURED = "Hampshire"  # whose officer's pages are timed on the national dataset
GROWN = "Kent"  # whose framework is grown tenfold
SCALE = 10

# (priority title, outcome statement, target areas)
THEMES = [
    (
        "Tackling barriers to employment",
        "More people from disadvantaged groups and areas in work.",
        ["Skills and qualifications", "Business support", "Employment support"],
    ),
    (
        "Helping people feel safe",
        "Less anti-social behaviour, and less fear of it.",
        ["Anti-social behaviour", "Diversionary activities for young people", "Domestic violence"],
    ),
    (
        "Promoting healthy communities",
        "Healthier people, and more of them taking part in local life.",
        ["Obesity in school-age children", "Emergency admissions of older people", "Smoking"],
    ),
    (
        "Sustaining the environment",
        "A cleaner, greener county making the best use of natural resources.",
        ["Waste and recycling", "The countryside", "Liveable towns"],
    ),
    (
        "Raising educational attainment",
        "Every child doing as well at school as they can.",
        ["Looked-after children", "Key Stage 2 results", "School attendance"],
    ),
    (
        "Independence for older people",
        "Older people living independently at home for longer.",
        ["Intermediate care", "Falls prevention", "Home adaptations"],
    ),
    (
        "Safer roads",
        "Fewer people killed or seriously injured on the county's roads.",
        ["Killed and seriously injured", "Child pedestrians"],
    ),
    (
        "Young people and families",
        "Young people making a good start in adult life.",
        ["Teenage conceptions", "Young people not in education, employment or training"],
    ),
    (
        "Access to services in rural areas",
        "Rural residents able to reach the services they need.",
        ["Rural transport", "Broadband"],
    ),
    (
        "Stronger communities",
        "People taking part in, and shaping, their communities.",
        ["Volunteering", "Community cohesion", "Parish plans"],
    ),
]

# (indicator title, unit, True when higher is better)
MEASURES = [
    ("Adults gaining a first level 2 qualification", "adults a year", True),
    ("Employment rate in the most disadvantaged wards", "%", True),
    ("Incidents of anti-social behaviour reported to the police", "incidents per 1,000 residents", False),
    ("Emergency hospital admissions of people aged 75 and over", "admissions per 1,000 people aged 75+", False),
    ("Household waste recycled or composted", "%", True),
    ("Pupils reaching level 4 in English and maths at Key Stage 2", "%", True),
    ("Half days missed through absence in secondary schools", "%", False),
    ("People killed or seriously injured in road accidents", "people a year", False),
    ("Conceptions to girls under 18", "per 1,000 girls aged 15-17", False),
    ("16 to 18 year olds not in education, employment or training", "%", False),
    ("Older people helped to live at home", "per 1,000 people aged 65+", True),
    ("Adults who volunteer at least once a month", "%", True),
    ("Smokers who have quit at four weeks", "people a year", True),
    ("Reception-year pupils who are obese", "%", False),
    ("Domestic burglaries", "per 1,000 households", False),
    ("Rural households within 30 minutes of a GP by public transport", "%", True),
]

ACTIVITIES = [
    "Training and retraining",
    "Support for new industries",
    "Key worker and affordable housing",
    "Graffiti (zero tolerance)",
    "Evening economy",
    "Community wardens",
    "Health education",
    "School engagement with parents",
    "Multi-agency approach to exclusions",
    "Farm diversification",
    "Street cleaning",
    "Sustainable local food",
    "Safe routes to school",
    "Falls clinics",
    "Rural bus services",
    "Volunteer centres",
    "Stop-smoking clinics",
    "Youth shelters",
    "Home improvement agencies",
    "Broadband for market towns",
]
DEPARTMENTS = ["Home Office", "Department of Health", "Department for Education and Skills", "Defra", "DWP"]
# Labels of the two weighted lines a numbered target sets for parts of one indicator.
LINE_LABELS = [
    "Women returners",
    "Older people",
    "Most disadvantaged wards",
    "Rural areas",
    "Young people",
    "Black and minority ethnic residents",
]

# --- the throwaway database ---------------------------------------------------------------


class ThrowawayDatabase:
    """A database made for this run only: a temporary SQLite file, or a new PostgreSQL database.

    ``marker`` is the comment a PostgreSQL database is created with: only a database bearing
    that same comment (left by a killed run of the same script) is ever dropped.
    """

    def __init__(self, url: str | None, marker: str):
        self.url = url
        self.marker = marker
        self.name = ""  # the file, or the PostgreSQL database, once made
        self.tmpdir: str | None = None
        self.pg: dict | None = None

    def create(self) -> str:
        """Make the database; return the URL to give Django as DATABASE_URL."""
        if self.url is None:
            self.tmpdir = tempfile.mkdtemp(prefix="lpsa-bench-")
            self.name = str(Path(self.tmpdir) / "bench.sqlite3")
            return f"sqlite:///{self.name}"
        if urlsplit(self.url).scheme not in ("postgres", "postgresql"):
            sys.exit("--database-url must be a postgres:// URL (without it a temporary SQLite file is used).")
        import dj_database_url
        from psycopg2 import sql

        pg = dj_database_url.parse(self.url)
        name = sql.Identifier(pg["NAME"])
        with self._admin(pg) as cursor:
            cursor.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [pg["NAME"]]
            )
            row = cursor.fetchone()
            if row is not None and row[0] != self.marker:
                sys.exit(f"Database {pg['NAME']!r} exists and was not made by this script: refusing to touch it.")
            self.pg, self.name = pg, pg["NAME"]
            if row is not None:  # left behind by a run that was killed
                cursor.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(name))
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(name))
            cursor.execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(name, sql.Literal(self.marker)))
        return self.url

    def drop(self) -> None:
        if self.tmpdir is not None:
            shutil.rmtree(self.tmpdir, ignore_errors=True)
        if self.pg is not None:
            from psycopg2 import sql

            with self._admin(self.pg) as cursor:
                cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name)))

    @staticmethod
    @contextlib.contextmanager
    def _admin(pg: dict):
        """A cursor on the server's maintenance database, in autocommit (CREATE DATABASE needs it)."""
        import psycopg2

        connection = psycopg2.connect(
            dbname="postgres",
            user=pg["USER"] or None,
            password=pg["PASSWORD"] or None,
            host=pg["HOST"] or None,
            port=pg["PORT"] or None,
        )
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                yield cursor
        finally:
            connection.close()


def set_up_django(database: ThrowawayDatabase, url: str) -> None:
    """Configure Django against the throwaway database only, then build its tables."""
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "lpsa.settings"
    # The settings read these when imported: point them at the throwaway database, and take
    # the development defaults (no HTTPS redirect); DEBUG itself is turned off below.
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "true"
    import django
    from django.conf import settings

    django.setup()
    # As in production: no query log, no template debug information. Set before any
    # template engine exists. Django's setup_test_environment() is not used on purpose: it
    # instruments every template render to record contexts, which would inflate the timings.
    settings.DEBUG = False
    from django.core.management import call_command
    from django.db import connection

    if str(connection.settings_dict["NAME"]) != database.name:
        sys.exit(f"Django is configured for {connection.settings_dict['NAME']!r}, not the throwaway database.")
    call_command("migrate", interactive=False, verbosity=0)


# --- the national dataset ------------------------------------------------------------------


def slug_of(county: str) -> str:
    return county.lower().replace(" ", "-")


def figure(value: float) -> Decimal:
    return Decimal(f"{value:.1f}")


@dataclass
class Plan:
    """Unsaved objects, saved level by level with bulk_create once all are built."""

    rng: random.Random
    levels: dict[str, list] = field(default_factory=dict)

    def add(self, level: str, obj):
        self.levels.setdefault(level, []).append(obj)
        return obj


def build_dataset(rng: random.Random) -> dict[str, object]:
    """Every council, its partners, an officer account, working groups and one framework."""
    from django.db import transaction

    from lpsa.factories import (
        make_county,
        make_framework,
        make_involvement,
        make_org,
        make_person,
        make_user,
        make_working_group,
    )
    from partners.models import Organisation, Person, WorkingGroup
    from priorities.models import DELIVERY_STAGES, Involvement, Stage

    kind = Organisation.Kind
    plan = Plan(rng)
    counties = {
        name: plan.add("counties", make_county(f"{name} County Council", short_name=name, save=False))
        for name in COUNTIES
    }
    government = plan.add(
        "others", make_org("Office of the Deputy Prime Minister", None, kind.GOVERNMENT, short_name="ODPM", save=False)
    )
    officers = {}
    # Every framework's size is drawn first, so that the grown one can be exactly SCALE times
    # the measured one: the same priorities, SCALE times the areas, activities and indicators.
    shapes = {name: Shape.draw(rng) for name in COUNTIES}
    shapes[GROWN] = shapes[MEASURED].times(SCALE)
    for name, county in counties.items():
        districts = [
            plan.add("others", make_org(f"{name} district {n}", county, kind.DISTRICT, save=False))
            for n in range(1, COUNTIES[name] + 1)
        ]
        partners = [
            plan.add("others", make_org(f"{name} Strategic Partnership", county, kind.LSP, save=False)),
            plan.add("others", make_org(f"{name} Constabulary", county, kind.POLICE, save=False)),
            plan.add("others", make_org(f"{name} primary care trusts", county, kind.HEALTH, save=False)),
            plan.add("others", make_org(f"{name} voluntary sector", county, kind.VOLUNTARY, save=False)),
        ]
        # No usable password: force_login needs none; hashing 27 passwords would be slow.
        user = plan.add(
            "users",
            make_user(f"officer-{slug_of(name)}", password=None, first_name="Policy", last_name="Officer", save=False),
        )
        officers[name] = plan.add(
            "people",
            make_person(
                user=user, organisation=county, role=Person.Role.OFFICER, job_title="Policy officer", save=False
            ),
        )
        framework = plan.add(
            "frameworks",
            make_framework(
                county,
                slug_of(name),
                save=False,
                title=f"{name} second-generation Local Public Service Agreement",
                # Drafting and negotiation only: build_delivery() carries agreements further.
                stage=rng.choice([stage for stage in Stage.values if stage not in DELIVERY_STAGES]),
                stage_one_deadline=datetime.date(2004, 7, 31),
                stage_two_deadline=datetime.date(2004, 11, 30),
                base_year="2004/05",
                net_budget_requirement=Decimal(rng.randrange(250, 1500) * 1_000_000),
                pump_priming_grant=Decimal(rng.randrange(500, 1500) * 1_000) if rng.random() < 0.7 else None,
            ),
        )
        plan.add("involvements", make_involvement(framework, county, Involvement.Role.ACCOUNTABLE_BODY, save=False))
        for district in districts:
            plan.add("involvements", make_involvement(framework, district, Involvement.Role.DISTRICT, save=False))
        for partner, role in zip(partners, ["lsp", "public_body", "public_body", "voluntary"], strict=True):
            status = rng.choice(Involvement.Status.values)
            plan.add("involvements", make_involvement(framework, partner, role, status=status, save=False))
        cross = plan.add(
            "groups",
            make_working_group(
                county,
                save=False,
                name="Accessibility group",
                lead_organisation=county,
                remit=WorkingGroup.Remit.CROSS_CUTTING,
                subject="Accessibility",
            ),
        )
        plan.add("members", (cross, county))
        content(plan, framework, county, districts + partners, shapes[name])
    reviewer_user = plan.add(
        "users", make_user("reviewer", password=None, first_name="Government", last_name="Reviewer", save=False)
    )
    reviewer = plan.add(
        "people", make_person(user=reviewer_user, organisation=government, role=Person.Role.REVIEWER, save=False)
    )

    with transaction.atomic():
        save(plan)
    return {"officers": officers, "reviewer": reviewer}


@dataclass(frozen=True)
class Shape:
    """How big a framework is: its priorities' themes, and how many of each item."""

    themes: list[tuple]
    areas: list[int]  # per priority
    activities: list[int]  # per priority
    numbered: int  # numbered targets, each with one to three indicators

    @classmethod
    def draw(cls, rng: random.Random) -> "Shape":
        themes = rng.sample(THEMES, rng.randint(4, 6))
        areas = [rng.randint(2, 3) for _ in themes]
        activities = [rng.randint(4, 10) for _ in themes]
        return cls(themes, areas, activities, rng.randint(10, 14))

    def times(self, scale: int) -> "Shape":
        """The same priorities with ``scale`` times the target areas, activities and numbered targets."""
        return Shape(
            self.themes,
            [n * scale for n in self.areas],
            [n * scale for n in self.activities],
            self.numbered * scale,
        )


def content(plan: Plan, framework, county, partners: list, shape: Shape) -> None:
    """Priorities, their working groups, target areas, activities, indicators, numbered targets and lines."""
    from lpsa.factories import (
        make_activity,
        make_indicator,
        make_numbered_target,
        make_priority,
        make_target_area,
        make_working_group,
    )
    from priorities.models import Indicator

    rng = plan.rng
    districts = [p for p in partners if p.kind == "district"]
    all_areas = []
    for index, (title, outcome, area_titles) in enumerate(shape.themes):
        position = index + 1
        group = plan.add(
            "groups",
            make_working_group(
                county, name=f"{title} working group", lead_organisation=rng.choice(districts), save=False
            ),
        )
        for member in rng.sample(partners, rng.randint(2, 4)):
            plan.add("members", (group, member))
        priority = plan.add(
            "priorities",
            make_priority(
                framework,
                save=False,
                position=position,
                title=f"{title} in {county.short_name}",
                outcome=outcome if rng.random() < 0.9 else "",
                community_strategy_theme=title if rng.random() < 0.5 else "",
                evidence="Community strategy; CPA; local performance information." if rng.random() < 0.8 else "",
                leading_group=group if rng.random() < 0.9 else None,
                affects_accessibility=rng.random() < 0.3,
                affects_equalities=rng.random() < 0.3,
                affects_sustainability=rng.random() < 0.3,
            ),
        )
        areas = []
        for number in range(shape.areas[index]):
            base = area_titles[number % len(area_titles)]
            areas.append(
                plan.add(
                    "areas",
                    make_target_area(
                        priority,
                        save=False,
                        position=number + 1,
                        title=base if number < len(area_titles) else f"{base} ({number // len(area_titles) + 1})",
                        description=f"Improve {base.lower()} across {county.short_name}." if rng.random() < 0.5 else "",
                    ),
                )
            )
        all_areas.extend(areas)
        for number in range(shape.activities[index]):
            explorer = rng.random() < 0.1
            plan.add(
                "activities",
                make_activity(
                    priority,
                    save=False,
                    position=number + 1,
                    target_area=rng.choice(areas) if rng.random() < 0.5 else None,
                    title=rng.choice(ACTIVITIES),
                    explorer_partnership=explorer,
                    department=rng.choice(DEPARTMENTS) if explorer else "",
                ),
            )
    numbered = []
    positions: Counter[int] = Counter()

    def indicator_in(area, line_to, alone: bool):
        """An indicator of ``area``, nearly always with its line in numbered target ``line_to``
        (or, when it is that target's only indicator, sometimes two weighted lines)."""
        positions[id(area)] += 1
        title, unit, higher = rng.choice(MEASURES)
        baseline = rng.uniform(10, 90) if unit == "%" else rng.uniform(20, 2000)
        known = rng.random() < 0.85
        indicator = plan.add(
            "indicators",
            make_indicator(
                area,
                save=False,
                position=positions[id(area)],
                title=title,
                definition=f"{title}, counted across {county.short_name}." if rng.random() < 0.9 else "",
                unit=unit,
                direction=Indicator.Direction.HIGHER if higher else Indicator.Direction.LOWER,
                measures=Indicator.Measures.PROCESS if rng.random() < 0.08 else Indicator.Measures.OUTCOME,
                data_source="Illustrative figures generated by bench/pages.py." if rng.random() < 0.9 else "",
                collection_frequency=rng.choice(["Annually", "Quarterly", "Monthly"]),
                baseline_year="2003/04" if known else "",
                baseline_value=figure(baseline) if known else None,
                status=rng.choice(Indicator.Status.values),
                is_illustrative=True,
            ),
        )
        if rng.random() < 0.93:
            targets(plan, indicator, baseline, higher, line_to, split=alone and rng.random() < 0.25)
        return title, higher

    # Numbered targets, as agreements have them: most with one indicator's line, some bundling
    # two or three indicators of one priority, some with two weighted lines of one indicator.
    for _ in range(shape.numbered):
        area = rng.choice(all_areas)
        item = make_numbered_target(
            framework,
            area.priority,
            save=False,
            lead_partner=county if rng.random() < 0.5 else rng.choice(partners),
            lead_department=rng.choice(DEPARTMENTS) if rng.random() < 0.9 else "",
        )
        numbered.append(item)
        if rng.random() < 0.25:
            own = [a for a in all_areas if a.priority is area.priority]
            indicator_in(area, item, alone=False)
            for _ in range(rng.randint(1, 2)):
                indicator_in(rng.choice(own), item, alone=False)
            item.title = f"Better results on {area.title.lower()}"
        else:
            title, higher = indicator_in(area, item, alone=True)
            item.title = f"{'Raise' if higher else 'Reduce'} {title[0].lower()}{title[1:]}"
    # Numbered as Schedule 1 numbers them: by the priority each serves.
    numbered.sort(key=lambda item: item.priority.position)
    for position, item in enumerate(numbered, start=1):
        item.position = position
        plan.add("numbered", item)


def targets(plan: Plan, indicator, baseline: float, higher: bool, numbered, *, split: bool) -> None:
    """A line to 2007/08 in ``numbered``, sometimes with interim figures; or, with ``split``,
    two labelled lines for parts of the indicator, each with its own baseline, weighted to add
    up to 100%.

    One line in twenty is left out of its numbered target, as a gap to fill.
    """
    from lpsa.factories import make_target

    rng = plan.rng
    sign = 1 if higher else -1

    def figures(base: float) -> tuple[Decimal, Decimal | None]:
        without = base + sign * base * rng.uniform(0, 0.05)
        stretch = sign * base * rng.uniform(0.02, 0.12)
        roll = rng.random()
        with_lpsa = None if roll < 0.04 else figure(without) if roll < 0.08 else figure(without + stretch)
        return figure(without), with_lpsa

    def interim(base: float) -> dict:
        if rng.random() >= 0.4:
            return {}
        interim_without, interim_with = figures(base)
        fields = {"interim_period": "2005/06", "interim_without_lpsa": interim_without}
        fields["interim_with_lpsa"] = interim_with if interim_with is not None else interim_without
        return fields

    if split:
        first = rng.choice([50, 60, 70, 75])
        for position, (label, weight) in enumerate(
            zip(rng.sample(LINE_LABELS, 2), (first, 100 - first), strict=True), start=1
        ):
            base = baseline * rng.uniform(0.7, 1.1)
            without, with_lpsa = figures(base)
            plan.add(
                "targets",
                make_target(
                    indicator,
                    save=False,
                    agreement_target=numbered,
                    weight=Decimal(weight),
                    position=position,
                    title=label,
                    baseline_year="2003/04",
                    baseline_value=figure(base),
                    period="2007/08",
                    without_lpsa=without,
                    with_lpsa=with_lpsa,
                    **interim(base),
                ),
            )
        return
    without, with_lpsa = figures(baseline)
    plan.add(
        "targets",
        make_target(
            indicator,
            save=False,
            agreement_target=numbered if rng.random() < 0.95 else None,
            position=1,
            period="2007/08",
            without_lpsa=without,
            with_lpsa=with_lpsa,
            **interim(baseline),
        ),
    )


def save(plan: Plan) -> None:
    """bulk_create each level after the one it points to, so every foreign key has its pk."""
    from django.contrib.auth import get_user_model

    from partners.models import Organisation, Person, WorkingGroup
    from priorities.models import (
        AgreementTarget,
        Framework,
        Indicator,
        IndicatorActivity,
        Involvement,
        Priority,
        Target,
        TargetArea,
    )

    member = WorkingGroup.member_organisations.through
    order = [
        ("counties", Organisation),
        ("others", Organisation),
        ("users", get_user_model()),
        ("people", Person),
        ("frameworks", Framework),
        ("involvements", Involvement),
        ("groups", WorkingGroup),
        ("priorities", Priority),
        ("areas", TargetArea),
        ("activities", IndicatorActivity),
        ("indicators", Indicator),
        ("numbered", AgreementTarget),  # after the priorities they serve, before the lines in them
        ("targets", Target),
    ]
    for level, model in order:
        model.objects.bulk_create(plan.levels.get(level, []), batch_size=500)
    links = [member(workinggroup=group, organisation=org) for group, org in plan.levels.get("members", [])]
    member.objects.bulk_create(links, batch_size=500)


# --- Stage Two: edits with history, comments, submissions -----------------------------------

IMMEDIATE = "django.tasks.backends.immediate.ImmediateBackend"
EDITS = 8  # edits through save_checked() per framework, besides those that complete one
WITH_GOVERNMENT = ("two_submitted", "two_negotiation", "two_agreed")
# Threads on the measured indicator of MEASURED, as (replies, resolved); GROWN's measured
# indicator carries SCALE times as many, so the indicator page can be compared at 10x.
MEASURED_THREADS = [(2, True), (2, True), (1, False), (2, False)]

QUESTIONS = [
    "Is the baseline from the same survey as the figures for the final year will be?",
    "The district councils ask whether this can be counted ward by ward.",
    "Government's guidance asks for an outcome here: does this count one?",
    "Could we agree the stretch with the primary care trusts before it goes to the chief executive?",
    "The data source changed in 2004: do we need a note on comparability?",
    "Is 2007/08 too soon to see the effect of the activities listed?",
    "Who collects these figures, and can they give us the interim year too?",
]
ANSWERS = [
    "Yes: the same survey, run every year by the county's research team.",
    "Agreed at the working group on Tuesday; the minutes have the detail.",
    "I have asked the police analyst and will update the definition.",
    "The figures are now in the table: please check the stretch.",
    "Fine by us. Happy for this to be marked as resolved.",
    "The partnership's performance group will look at it next month.",
]


@dataclass
class Drafting:
    """One council's officers at work on their framework, through the app's own code.

    Every change goes through ``save_checked()`` (so simple-history records it, with who and
    why), every comment through ``lpsa.services.comment_create()``.
    """

    framework: object
    officer: object  # users
    chief: object
    rng: random.Random
    tally: Counter

    def edit(self, item, *, reason: str | None = None, by=None, **changes) -> None:
        for name, value in changes.items():
            setattr(item, name, value)
        item._history_user = by or self.officer
        if reason:
            item._change_reason = reason
        item.save_checked(expected_version=item.version if item.pk else None)
        self.tally["edits"] += 1

    def thread(self, subject, replies: int, *, author=None, others: tuple = (), resolved: bool = False):
        """A comment and its replies, answered in turn by ``others`` (the chief executive by default)."""
        from lpsa.services import comment_create

        author = author or self.officer
        others = others or (self.chief,)
        first = comment_create(author=author, text=self.rng.choice(QUESTIONS), subject=subject)
        for n in range(replies):
            who = others[n % len(others)] if n % 2 == 0 else author
            comment_create(author=who, text=self.rng.choice(ANSWERS), subject=subject, parent=first)
        if resolved:
            first.resolve(by=self.officer)
        self.tally["threads"] += 1
        self.tally["replies"] += replies
        self.tally["resolved"] += resolved
        return first

    def indicators(self) -> list:
        from priorities.models import Indicator

        return list(
            Indicator.objects.filter(target_area__priority__framework=self.framework)
            .select_related("target_area")
            .order_by("target_area__priority__position", "target_area__position", "position", "pk")
        )

    def targets(self) -> list:
        from priorities.models import Target

        targets = Target.objects.filter(indicator__target_area__priority__framework=self.framework)
        return list(targets.select_related("indicator__target_area").order_by("indicator_id", "position", "pk"))

    def numbered_for(self, indicator):
        """The numbered target a new or left-out line of ``indicator`` goes into: one of its
        priority's with no weighted lines, the emptiest first, or a new one."""
        from django.db.models import Count, Q

        from lpsa.factories import make_numbered_target

        priority_id = indicator.target_area.priority_id
        found = (
            self.framework.agreement_targets.filter(priority_id=priority_id)
            .annotate(n=Count("lines"), weighted=Count("lines", filter=Q(lines__weight__isnull=False)))
            .filter(weighted=0)
            .order_by("n", "position", "pk")
            .first()
        )
        if found is None:
            found = make_numbered_target(
                self.framework,
                save=False,
                priority_id=priority_id,
                title=f"Better results on {indicator.target_area.title.lower()}",
                lead_partner=self.framework.council,
                lead_department=self.rng.choice(DEPARTMENTS),
            )
            self.edit(found)
        return found

    def further(self, target, share: float) -> Decimal:
        """The target with LPSA2 moved ``share`` of its stretch further in the better direction."""
        from priorities.models import Indicator

        sign = 1 if target.indicator.direction == Indicator.Direction.HIGHER else -1
        step = max(abs(target.with_lpsa - target.without_lpsa) * Decimal(str(share)), Decimal("0.1"))
        return figure(float(target.with_lpsa + sign * step))

    def history(self, count: int) -> None:
        """Everyday edits: figures nudged, definitions and priorities reworded."""
        rng = self.rng
        indicators = self.indicators()
        targets = [t for t in self.targets() if t.with_lpsa is not None and t.without_lpsa is not None]
        priorities = list(self.framework.priorities.order_by("position"))
        for _ in range(count):
            roll = rng.random()
            if roll < 0.5 and targets:
                target = rng.choice(targets)
                self.edit(target, reason="Figures revised with the partners", with_lpsa=self.further(target, 0.1))
            elif roll < 0.8:
                indicator = rng.choice(indicators)
                # A target's edit above may have reopened it (agreed to proposed), a new version.
                indicator.refresh_from_db(fields=["version", "status"])
                frequency = rng.choice(["Annually", "Quarterly", "Monthly"])
                self.edit(indicator, collection_frequency=frequency, geography=rng.choice(["Whole county", ""]))
            else:
                priority = rng.choice(priorities)
                self.edit(priority, target_groups=rng.choice(["Young people", "Older people", "Everyone"]))

    def complete(self) -> None:
        """Fill every gap that would stop Stage Two being approved, as the officers would."""
        from django.db.models import Count

        from lpsa import readiness
        from lpsa.factories import make_indicator, make_target
        from partners.models import WorkingGroup
        from priorities.models import Indicator, Involvement

        rng, county = self.rng, self.framework.council.short_name
        groups = list(WorkingGroup.objects.filter(council=self.framework.council).order_by("pk"))
        for priority in self.framework.priorities.order_by("position"):
            changes = {}
            if not priority.outcome:
                changes["outcome"] = f"Better results for people across {county}."
            if not priority.evidence:
                changes["evidence"] = "Community strategy; CPA; local performance information."
            if priority.leading_group_id is None:
                changes["leading_group"] = rng.choice(groups)
            if changes:
                self.edit(priority, **changes)
            for area in priority.target_areas.annotate(n=Count("indicators")).filter(n=0):
                title, unit, higher = rng.choice(MEASURES)
                indicator = make_indicator(
                    area,
                    save=False,
                    title=title,
                    unit=unit,
                    direction=Indicator.Direction.HIGHER if higher else Indicator.Direction.LOWER,
                    is_illustrative=True,
                )
                self.edit(indicator)
        for indicator in self.indicators():
            changes = {}
            if not indicator.definition:
                changes["definition"] = f"{indicator.title}, counted across {county}."
            if not indicator.data_source:
                changes["data_source"] = "Illustrative figures generated by bench/national.py."
            if indicator.baseline_value is None:
                baseline = rng.uniform(10, 90) if indicator.unit == "%" else rng.uniform(20, 2000)
                changes.update(baseline_year="2003/04", baseline_value=figure(baseline))
            if indicator.measures == Indicator.Measures.PROCESS:
                changes["measures"] = Indicator.Measures.OUTCOME
            if changes:
                self.edit(indicator, **changes)
            if not indicator.targets.exists():
                without = figure(float(indicator.baseline_value) * rng.uniform(0.98, 1.02))
                line = make_target(indicator, save=False, period="2007/08", without_lpsa=without, with_lpsa=without)
                line.agreement_target = self.numbered_for(indicator)
                self.edit(line)
        for target in self.targets():
            if target.without_lpsa is None:
                target.without_lpsa = target.indicator.baseline_value or Decimal(100)
            if target.with_lpsa is None or target.with_lpsa == target.without_lpsa:
                target.with_lpsa = target.without_lpsa
                self.edit(target, with_lpsa=self.further(target, 0.05))
            if target.agreement_target_id is None:
                self.edit(target, agreement_target=self.numbered_for(target.indicator))
        for item in self.framework.agreement_targets.filter(lines__isnull=True):
            item.delete_and_renumber()  # every indicator of it was left without a line
        for involvement in self.framework.involvements.filter(status=Involvement.Status.INVITED):
            self.edit(involvement, status=Involvement.Status.INVOLVED)
        problems = readiness.stage_two_blockers(self.framework)
        if problems:
            raise SystemExit(f"{self.framework} is still incomplete: {'; '.join(problems)}")

    def measured(self) -> tuple:
        """The indicator whose page is timed (the one with most target lines, first in order) and its first line."""
        from django.db.models import Count

        from priorities.models import Indicator

        indicator = (
            Indicator.objects.filter(target_area__priority__framework=self.framework)
            .annotate(n=Count("targets"))
            .order_by("-n", "target_area__priority__position", "target_area__position", "position", "pk")
            .first()
        )
        return indicator, indicator.targets.order_by("position", "pk").first()

    def snapshot_submissions(self, stages: tuple) -> None:
        """Submission rows as approved (for councils other than MEASURED): no PDF is rendered for them."""
        from lpsa.factories import make_submission
        from lpsa.snapshot import framework_snapshot

        snapshot = framework_snapshot(self.framework)
        for stage in stages:
            make_submission(self.framework, approved_by=self.chief, stage=stage, version=1, snapshot=snapshot)


def build_stage_two(people: dict, rng: random.Random) -> dict:
    """Take every framework of ``build_dataset()`` into Stage Two, through the app's own code.

    Every council: a chief executive, edits with history, comment threads with replies
    (some resolved). MEASURED: completed, taken through the workflow by ``framework_move()``
    (its chief executive approves Stage One, then Stage Two, whose PDF is rendered at once:
    TASKS_BACKEND must be Django's ImmediateBackend), negotiated with the reviewer, then edited
    again so the current draft differs from what was approved. About half the other councils
    are completed and have gone to government; their submission rows are written directly,
    without a PDF. GROWN stays in drafting, with SCALE times MEASURED's comments on its
    measured indicator. Adds "chiefs", "measured" ({council: (indicator, target)}),
    "submission" (MEASURED's Stage Two) and "tally" to ``people``, and returns it.
    """
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from lpsa.factories import make_person, make_user
    from partners.models import Person
    from priorities.models import Framework, Stage

    backend = settings.TASKS["default"]["BACKEND"]
    if backend != IMMEDIATE:
        sys.exit(f"Set TASKS_BACKEND={IMMEDIATE} before Django starts (it is {backend}): the PDF must render at once.")
    accounts = {
        name: make_user(f"chief-{slug_of(name)}", password=None, first_name="Chief", last_name="Executive", save=False)
        for name in COUNTIES
    }
    get_user_model().objects.bulk_create(accounts.values())
    chiefs = {
        name: make_person(
            user=accounts[name],
            organisation=people["officers"][name].organisation,
            role=Person.Role.CHIEF_EXECUTIVE,
            job_title="Chief executive",
            save=False,
        )
        for name in COUNTIES
    }
    Person.objects.bulk_create(chiefs.values())

    # Content is locked while a framework awaits approval; every framework's stage is set
    # after the officers' edits below, so those drawn as awaiting approval draft until then.
    awaiting = (Stage.ONE_AWAITING_APPROVAL, Stage.TWO_AWAITING_APPROVAL)
    Framework.objects.filter(stage__in=awaiting).update(stage=Stage.TWO_DRAFTING)
    frameworks = {fw.council.short_name: fw for fw in Framework.objects.select_related("council")}
    tally: Counter[str] = Counter()
    measured = {}
    for name in COUNTIES:
        work = Drafting(frameworks[name], people["officers"][name].user, accounts[name], rng, tally)
        with transaction.atomic():
            if name == MEASURED:
                measured[name] = approve_measured(work, people["reviewer"].user)
                continue
            work.history(EDITS)
            indicators = work.indicators()
            going = name != GROWN and rng.random() < 0.5  # to government, completed
            for indicator in rng.sample(indicators, rng.randint(3, 5)):
                work.thread(indicator, rng.randint(0, 3), resolved=going or rng.random() < 0.5)
            if name == GROWN:
                measured[name] = work.measured()
                for replies, resolved in MEASURED_THREADS * SCALE:
                    work.thread(measured[name][0], replies, resolved=resolved)
            if going:
                work.complete()
                work.snapshot_submissions(("one", "two"))
                stage = rng.choice(WITH_GOVERNMENT)
            else:
                work.snapshot_submissions(("one",))
                stage = Stage.TWO_DRAFTING
            Framework.objects.filter(pk=work.framework.pk).update(stage=stage)
    people.update(chiefs=chiefs, measured=measured, tally=tally)
    people["submission"] = frameworks[MEASURED].submissions.get(stage="two")
    return people


def approve_measured(work: Drafting, reviewer) -> tuple:
    """MEASURED's framework completed, approved at both stages, negotiated and edited since."""
    from lpsa.factories import make_freedom, make_indicator, make_pump_priming, make_target
    from lpsa.models import NegotiationEntry
    from lpsa.services import negotiation_accept, negotiation_offer
    from lpsa.workflow import MoveRefused, framework_move
    from priorities.models import Framework, Freedom, Indicator, IndicatorActivity, Stage, Target

    framework, rng = work.framework, work.rng
    work.complete()
    work.history(EDITS)
    indicator, target = work.measured()
    # Before approval, every thread must be resolved.
    others = [i for i in work.indicators() if i.pk != indicator.pk]
    for subject in rng.sample(others, 3):
        work.thread(subject, rng.randint(0, 3), resolved=True)
    for replies, resolved in MEASURED_THREADS:
        if resolved:
            work.thread(indicator, replies, resolved=True)
    work.thread(target, 1, resolved=True)
    if framework.pump_priming_grant is None:
        work.edit(framework, pump_priming_grant=Decimal(750_000))
    work.edit(
        make_freedom(
            target,
            save=False,
            request="Pool the budgets of the partners' schemes for this target.",
            kind=Freedom.Kind.ADMINISTRATIVE,
            department=rng.choice(DEPARTMENTS),
        )
    )
    # Its kind left empty, as this line has always been made.
    allocation = make_pump_priming(
        target=target, save=False, amount=Decimal(120_000), spend_on="Two outreach workers for three years.", kind=""
    )
    work.edit(allocation)

    Framework.objects.filter(pk=framework.pk).update(stage=Stage.ONE_AWAITING_APPROVAL)
    framework.stage = Stage.ONE_AWAITING_APPROVAL
    moves = [
        ("approve_one", work.chief),
        ("agree_one", reviewer),
        ("start_two", work.officer),
        ("ask_approval_two", work.officer),
        ("approve_two", work.chief),
        ("open_negotiation", reviewer),
    ]
    for move, user in moves:
        try:
            framework_move(framework=framework, move_name=move, user=user, reason="Please approve.", declared=True)
        except MoveRefused as refused:
            raise SystemExit(f"{move} of {framework} refused: {'; '.join(refused.problems)}") from refused
    for submission in framework.submissions.all():
        if not submission.sha256:
            raise SystemExit(f"{submission} has no PDF: its task did not run at once, or failed.")

    # Four targets negotiated: offers and counter-offers, one agreed at government's counter-offer.
    scored = [t for t in work.targets() if t.pk != target.pk and t.with_lpsa is not None]
    talks = [target, *rng.sample(scored, 3)]
    council, government = NegotiationEntry.Side.COUNCIL, NegotiationEntry.Side.GOVERNMENT
    for n, talked in enumerate(talks):
        offer = (talked.without_lpsa, talked.with_lpsa)
        counter = (talked.without_lpsa, work.further(talked, 0.25))
        steps = [(council, work.officer, offer), (government, reviewer, counter)]
        if n == 0:
            steps.append((council, work.officer, (offer[0], work.further(talked, 0.1))))
        for side, user, (without, with_lpsa) in steps:
            last = negotiation_offer(target=talked, user=user, side=side, without_lpsa=without, with_lpsa=with_lpsa)
        if n == 1:
            negotiation_accept(entry=last, user=work.officer, side=council)

    # Edits since approval, so that the current draft differs from the submission.
    talked_ids = {t.pk for t in talks}
    fresh = [t for t in work.targets() if t.pk not in talked_ids and t.with_lpsa is not None]
    for changed in rng.sample(fresh, 3):
        work.edit(changed, reason="Revised after the 2004/05 returns", with_lpsa=work.further(changed, 0.2))
    indicator.refresh_from_db()
    work.edit(indicator, definition=indicator.definition + " Counted from April 2005 on the new recording standard.")
    priority = framework.priorities.order_by("position").first()
    work.edit(priority, outcome=priority.outcome + " Agreed with the partnership board in December.")
    title, unit, higher = rng.choice(MEASURES)
    added = make_indicator(
        indicator.target_area,
        save=False,
        title=title,
        definition=f"{title}, counted across {framework.council.short_name}.",
        unit=unit,
        direction=Indicator.Direction.HIGHER if higher else Indicator.Direction.LOWER,
        data_source="Illustrative figures generated by bench/national.py.",
        baseline_year="2003/04",
        baseline_value=Decimal(50),
        is_illustrative=True,
    )
    work.edit(added)
    sign = 1 if higher else -1
    line = make_target(added, save=False, period="2007/08", without_lpsa=Decimal(52), with_lpsa=Decimal(52 + 4 * sign))
    line.agreement_target = work.numbered_for(added)
    work.edit(line)
    IndicatorActivity.objects.filter(priority=priority).order_by("-position").first().delete_and_renumber()

    # Comments since, some by government's reviewer: these stay open.
    for replies, resolved in MEASURED_THREADS:
        if not resolved:
            work.thread(indicator, replies, author=reviewer, others=(work.officer,))
    work.thread(target, 1, author=reviewer, others=(work.officer,))
    return indicator, Target.objects.get(pk=target.pk)


# --- delivery: the agreements carried three years on ---------------------------------------

AGREEMENT = (datetime.date(2005, 4, 1), datetime.date(2008, 3, 31))
CLAIM_EVERY = 3  # every third agreement has submitted its interim claim
ESTIMATED_QUARTERS = 2  # the newest quarters of each line are estimates, the rest final


def build_delivery(rng: random.Random) -> Counter:
    """Carry every framework of ``build_dataset()`` (or of ``build_stage_two()``) into delivery.

    Each of the 27 agreements runs from April 2005 to March 2008 and was signed in March
    2005; its lines are agreed and their indicators collected quarterly. Every line has twelve
    quarterly returns, spread around its default trajectory (no point is entered): final and
    sent to government but for the newest ``ESTIMATED_QUARTERS``, which are estimates. Each
    agreement has a pump-priming allocation with two years' spend and a freedom with its
    progress; every ``CLAIM_EVERY``-th has its interim claim submitted, worked out by
    ``delivery.claims.work_out_interim()``. Rows are made with ``bulk_create``, so they have no
    history rows. Returns how many rows of each kind were made.
    """
    from django.db import transaction

    from delivery import trajectory
    from delivery.claim_maths import pennies
    from delivery.claims import work_out_interim
    from delivery.models import Claim, FreedomProgress, PerformanceReturn, Spend
    from delivery.periods import Frequency, periods_between
    from lpsa.factories import (
        make_claim,
        make_freedom,
        make_freedom_progress,
        make_performance_return,
        make_pump_priming,
        make_spend,
    )
    from partners.models import Person
    from priorities.models import Framework, Freedom, Indicator, PumpPriming, Stage, Target

    start, end = AGREEMENT
    quarters = periods_between(start, end, Frequency.QUARTER)
    made: Counter[str] = Counter()
    with transaction.atomic():
        frameworks = list(Framework.objects.select_related("council").order_by("slug"))
        ids = [framework.pk for framework in frameworks]
        Framework.objects.filter(pk__in=ids).update(agreement_start=start, agreement_end=end)
        Indicator.objects.filter(target_area__priority__framework__in=ids).update(
            collection_frequency="Quarterly", status=Indicator.Status.AGREED
        )
        lines = Target.objects.filter(indicator__target_area__priority__framework__in=ids)
        lines.update(status=Indicator.Status.AGREED)
        officers = {
            person.organisation_id: person.user
            for person in Person.objects.filter(role=Person.Role.OFFICER).select_related("user")
        }
        returns = []
        by_framework: dict[int, list] = {pk: [] for pk in ids}
        for line in lines.select_related("indicator__target_area__priority").order_by("pk"):
            by_framework[line.indicator.target_area.priority.framework_id].append(line)
        for framework in frameworks:
            officer = officers.get(framework.council_id)
            for line in by_framework[framework.pk]:
                points = trajectory.default_points(line)
                lean = rng.uniform(-0.6, 1.6)  # where the line's figures fall between its trajectories
                for number, period in enumerate(quarters):
                    final = number < len(quarters) - ESTIMATED_QUARTERS
                    without, with_lpsa = trajectory.expected_on(line, period.last_day, points)
                    if without is None or with_lpsa is None:
                        base = line.without_lpsa or line.effective_baseline_value or Decimal(50)
                        actual = figure(float(base) * rng.uniform(0.95, 1.05))
                    else:
                        share = lean + rng.uniform(-0.2, 0.2)
                        actual = figure(float(without + (with_lpsa - without) * Decimal(str(round(share, 3)))))
                    sent = datetime.datetime.combine(
                        period.last_day + datetime.timedelta(days=60), datetime.time(10), tzinfo=datetime.UTC
                    )
                    returns.append(
                        make_performance_return(
                            line,
                            save=False,
                            period=period.key,
                            period_end=period.last_day,
                            actual=actual,
                            status=PerformanceReturn.Status.FINAL if final else PerformanceReturn.Status.ESTIMATE,
                            source="Illustrative figures generated by bench/national.py",
                            source_date=period.last_day + datetime.timedelta(days=45),
                            entered_by=officer,
                            sent_at=sent if final else None,
                            sent_by=officer if final else None,
                        )
                    )
        PerformanceReturn.objects.bulk_create(returns, batch_size=1000)
        made["performance returns"] += len(returns)

        # Money and freedoms: one allocation and one freedom for each agreement without them.
        have_money = set(PumpPriming.objects.filter(framework__in=ids).values_list("framework_id", flat=True))
        allocations, freedoms = [], []
        for framework in frameworks:
            own = by_framework[framework.pk]
            if not own:
                continue
            if framework.pk not in have_money:
                allocations.append(
                    make_pump_priming(
                        framework,
                        save=False,
                        target=own[0],
                        amount=Decimal(rng.randrange(100, 400) * 1_000),
                        spend_on="Outreach workers for the agreement's three years.",
                        kind=PumpPriming.Kind.REVENUE,
                    )
                )
            freedoms.append(
                make_freedom(
                    own[-1],
                    save=False,
                    request="Pool the partners' budgets for this target.",
                    kind=Freedom.Kind.ADMINISTRATIVE,
                    department=rng.choice(DEPARTMENTS),
                    status=Freedom.Status.AGREED,
                )
            )
        PumpPriming.objects.bulk_create(allocations)
        Freedom.objects.bulk_create(freedoms)
        made["pump-priming allocations"] += len(allocations)
        made["freedoms"] += len(freedoms)
        spend = []
        for allocation in PumpPriming.objects.filter(framework__in=ids):
            first = (allocation.amount * Decimal("0.4")).quantize(Decimal(1))
            second = (allocation.amount * Decimal(str(round(rng.uniform(0.2, 0.5), 2)))).quantize(Decimal(1))
            spend += [
                make_spend(allocation, year="2005/06", amount=first, save=False),
                make_spend(allocation, year="2006/07", amount=second, save=False),
            ]
        Spend.objects.bulk_create(spend)
        made["spend"] += len(spend)
        delivered = FreedomProgress.Delivered
        progress = []
        for freedom in Freedom.objects.filter(target__indicator__target_area__priority__framework__in=ids):
            state = rng.choice(delivered.values)
            done = state in (delivered.DELIVERED, delivered.PARTLY)
            progress.append(
                make_freedom_progress(
                    freedom,
                    save=False,
                    delivered=state,
                    delivered_on=datetime.date(2006, rng.randint(1, 12), 1) if done else None,
                    answer="The department agreed, as the freedom was asked." if done else "",
                    answered_on=datetime.date(2005, 12, 1) if done else None,
                )
            )
        FreedomProgress.objects.bulk_create(progress)
        made["freedoms' progress"] += len(progress)

        Framework.objects.filter(pk__in=ids).update(stage=Stage.IN_DELIVERY, signed_on=datetime.date(2005, 3, 14))
        claims = []
        for framework in frameworks[::CLAIM_EVERY]:
            worked = work_out_interim(framework)
            total = pennies(worked.total.total)
            claims.append(
                make_claim(
                    framework,
                    Claim.Kind.INTERIM,
                    save=False,
                    status=Claim.Status.SUBMITTED,
                    figures={
                        "lines": [
                            {
                                "line_id": line.figures.line_id,
                                "label": line.figures.label,
                                "share": str(pennies(line.figures.share)),
                                "met": line.met,
                                "payment": str(pennies(line.payment)),
                            }
                            for line in worked.lines
                        ],
                        "total": str(total),
                    },
                    total=total,
                    submitted_at=datetime.datetime(2006, 7, 14, 10, tzinfo=datetime.UTC),
                    submitted_by=officers.get(framework.council_id),
                )
            )
        Claim.objects.bulk_create(claims)
        made["interim claims"] += len(claims)
    return made


def main() -> None:
    """Build the national dataset, and with --delivery carry it into delivery, in a throwaway
    database; print how long each step took and how many rows it made."""
    import argparse
    import time

    parser = argparse.ArgumentParser(description=main.__doc__.split(";")[0])
    parser.add_argument("--delivery", action="store_true", help="carry the 27 agreements into delivery too")
    parser.add_argument(
        "--database-url", help="a postgres:// URL to create and drop (default: a temporary SQLite file)"
    )
    args = parser.parse_args()
    media = tempfile.mkdtemp(prefix="lpsa-bench-media-")
    os.environ["MEDIA_ROOT"] = media
    database = ThrowawayDatabase(args.database_url, "lpsa bench/national.py throwaway database")
    url = database.create()
    try:
        set_up_django(database, url)
        started = time.perf_counter()
        rng = random.Random(SEED)
        build_dataset(rng)
        built = time.perf_counter()
        print(f"National dataset built in {built - started:.1f} s.")
        if args.delivery:
            made = build_delivery(rng)
            done = time.perf_counter()
            rows = ", ".join(f"{count:,} {kind}" for kind, count in made.items())
            print(f"Carried into delivery in {done - built:.1f} s: {sum(made.values()):,} rows ({rows}).")
    finally:
        from django.db import connections

        connections.close_all()
        database.drop()
        shutil.rmtree(media, ignore_errors=True)


# --- what both scripts print ------------------------------------------------------------


def p95(values: list[float]) -> float:
    """The 95th percentile, by nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def describe_database() -> str:
    """The database Django is connected to: its engine and version, and which one it is."""
    from django.db import connection

    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}, a temporary file"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0].split()[0]
    return f"{connection.display_name} {version}, database {connection.settings_dict['NAME']}"


def describe_cpu() -> str:
    """The processor's model name, how many CPUs, and the operating system."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        models = [
            line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if line.startswith("model")
        ]
        cpu = next((m for m in models if not m.isdigit()), cpu)
    return f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}"


if __name__ == "__main__":
    main()
