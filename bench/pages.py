"""How fast the main pages are at national scale, against Django's floor and the goals.

Builds a throwaway database, fills it with an LPSA2 framework for each of 27 county councils
(one of them grown tenfold) taken into Stage Two, with comments, edit history and, for
Hampshire, an approved Stage Two submission in negotiation. Then times each page through
Django's test client and, as a floor, a bare template that prints the same data already held
in memory. Prints Markdown tables, the goals met or not, and why. Never touches the
developer's own database:

    .venv/bin/python bench/pages.py                 # a temporary SQLite file, deleted at the end
    .venv/bin/python bench/pages.py --database-url postgres://postgres@127.0.0.1:5432/lpsa_bench
    .venv/bin/python bench/pages.py --quick         # fewer requests, for a quick look

A PostgreSQL database is created (with a comment marking it as this script's), and dropped
at the end. An existing database without that comment is never touched. Hampshire's approved
PDFs are stored in a temporary MEDIA_ROOT, deleted at the end.
"""

import argparse
import gc
import os
import platform
import random
import re
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

from national import (
    GROWN,
    IMMEDIATE,
    MEASURED,
    ROOT,
    SCALE,
    SEED,
    ThrowawayDatabase,
    build_dataset,
    build_delivery,
    build_stage_two,
    describe_cpu,
    describe_database,
    p95,
    set_up_django,
    slug_of,
)

MARKER = "Throwaway database of bench/pages.py: dropped when the run ends."
STYLESHEET = ROOT / "static" / "build" / "submission.css"
LOCMEM_MAIL = "django.core.mail.backends.locmem.EmailBackend"
GOAL_QUERIES = 15  # at most, a page
GOAL_RATIO = 2.0  # the page's median server time, at most this many times the floor's
# The queries every signed-in page sends before its own: the session, the user, their Person.
FIXED_TABLES = ("django_session", "auth_user", "partners_person")

# Bare templates: the same data and fields as each page, with nothing else (no base layout,
# no includes, no forms, no CSRF token, no middleware, no queries).
FLOOR_DASHBOARD = """{% for row in rows %}{% with fw=row.framework %}
<a href="{{ fw.get_absolute_url }}">{{ fw.title }}</a> {{ fw.council.name }} {{ fw.get_stage_display }}
{{ fw.next_deadline.0 }} {{ fw.next_deadline.1|date:"j F Y" }} {{ fw.days_to_deadline }} {{ fw.days_overdue }}
{% for gap in row.gaps %}<li>{{ gap }}</li>{% empty %}Nothing{% endfor %}
{% endwith %}{% empty %}There are no frameworks for you to see yet.{% endfor %}"""

FLOOR_REVIEW_LIST = """{% for submission in submissions %}
<tr><td>{{ submission.framework.council.name }}</td>
<td><a href="{% url 'lpsa:review' submission.pk %}">{{ submission.get_stage_display }}, version {{ submission.version }}</a></td>
<td>{{ submission.approved_at|date:"j M Y" }} by {{ submission.approved_by.get_full_name|default:submission.approved_by.username }}</td>
<td>{{ submission.framework.get_stage_display }}</td></tr>
{% empty %}No frameworks have been submitted yet.{% endfor %}"""

FLOOR_FRAMEWORK = """{% load figures %}{{ framework.council.name }} {{ framework.title }}
{{ framework.get_stage_display }} {{ framework.next_deadline.0 }} {{ framework.next_deadline.1|date:"j F Y" }}
{{ framework.days_to_deadline }} {{ framework.potential_reward|money }} {{ framework.net_budget_requirement|money }}
{{ framework.pump_priming_grant|money }} {{ counts.priorities }} {{ counts.areas }} {{ counts.activities }}
{{ counts.indicators }} {{ counts.targets }} <a href="{% url 'priorities:agreement_targets' framework.slug %}">
{{ numbered_count }}</a> {{ target_warning }} {% for gap in gaps %}<li>{{ gap }}</li>{% endfor %}
{% for priority in priorities %}
<a href="{% url 'priorities:priority' priority.pk %}">{{ priority.position }} {{ priority.title }}</a>
{{ priority.outcome }} {% if priority.leading_group %}{{ priority.leading_group.name }}
{{ priority.leading_group.lead_organisation.name }}{% endif %}{% if not priority.evidence %}No evidence{% endif %}
{% for area in priority.target_areas.all %}{{ area.pk }} {{ area.title }} {{ area.description }}
{% for indicator in area.indicators.all %}
<a href="{% url 'priorities:indicator' indicator.pk %}">{{ indicator.title }}</a> {{ indicator.is_illustrative }}
{% if indicator.baseline_value is None %}No baseline{% endif %}{% if not indicator.data_source %}No source{% endif %}
{% for target in indicator.targets_in_order %}
<tr><td>{{ target }}</td><td>{{ target.period }}</td>
<td>{{ target.without_lpsa|figure }}</td><td>{{ target.with_lpsa|figure }}</td><td>{{ target.stretch|figure:True }}</td></tr>
{% empty %}No target{% endfor %}{% empty %}No indicator{% endfor %}{% endfor %}
{% for activity in priority.activities.all %}<li>{{ activity.title }} {{ activity.explorer_partnership }}</li>
{% endfor %}{% endfor %}"""

# The comment threads of an indicator or a target, as lpsa/includes/comments.html shows them.
FLOOR_COMMENTS = """{% for thread in threads %}
<div id="comment-{{ thread.pk }}">{{ thread.author.get_full_name|default:thread.author.username }}
{{ thread.created_at|date:"j M Y, H:i" }}{% if thread.is_resolved %} Resolved by
{{ thread.resolved_by.get_full_name|default:thread.resolved_by.username }}{% endif %}<p>{{ thread.text }}</p>
{% for reply in thread.replies.all %}<div id="comment-{{ reply.pk }}">
{{ reply.author.get_full_name|default:reply.author.username }} {{ reply.created_at|date:"j M Y, H:i" }}
<p>{{ reply.text }}</p></div>{% endfor %}
{% if can_comment %}<a href="{% url 'lpsa:comment_reply' thread.pk %}">Reply</a>{% endif %}
{% if thread.may_resolve %}<a href="{% url 'lpsa:comment_resolve' thread.pk %}">{% if thread.is_resolved %}Reopen
{% else %}Mark as resolved{% endif %}</a>{% endif %}</div>
{% empty %}No comments yet.{% endfor %}"""

FLOOR_INDICATOR = (
    """{% load figures %}{{ indicator.target_area.title }} {{ indicator.title }} {{ indicator.is_illustrative }}
{% if can_edit %}<a href="{% url 'priorities:indicator_edit' indicator.pk %}">Edit</a>{% endif %}
{{ indicator.definition }} {{ indicator.unit }} {{ indicator.get_direction_display }} {{ indicator.get_measures_display }}
{{ indicator.data_source }} {{ indicator.collection_frequency }} {{ indicator.data_collection_issues }}
{{ indicator.geography }} {{ indicator.target_group }} {% if indicator.baseline_value is not None %}
{{ indicator.baseline_value|with_unit:indicator.unit }} in {{ indicator.baseline_year }}{% endif %}
{{ indicator.get_status_display }}
<a href="{% url 'priorities:agreement_targets' indicator.target_area.priority.framework.slug %}">Numbered targets</a>
{% for target in targets %}<a href="{% url 'priorities:target' target.pk %}">{{ target }}</a>
{% if target.agreement_target %}<a href="{{ target.agreement_target.get_absolute_url }}">{{ target.agreement_target }}</a>
{% if target.weight is not None %}{{ target.weight|figure }}%{% endif %}{% else %}Not in a numbered target yet{% endif %}
{{ indicator.unit }} {% if target.own_baseline %}<tr><td>{{ target.baseline_year }}</td>
<td>{{ target.baseline_value|figure }}</td></tr>{% endif %}
<tr><td>{{ target }}</td><td>{{ target.period }}</td><td>{{ target.without_lpsa|figure }}</td>
<td>{{ target.with_lpsa|figure }}</td><td>{{ target.stretch|figure:True }}</td></tr>
{% if target.interim_period %}<tr><td>{{ target.interim_period }}</td><td>{{ target.interim_without_lpsa|figure }}</td>
<td>{{ target.interim_with_lpsa|figure }}</td><td>{{ target.interim_stretch|figure:True }}</td></tr>{% endif %}
{% empty %}No target line yet{% endfor %}"""
    + FLOOR_COMMENTS
)

FLOOR_TARGET = (
    """{% load figures %}{{ indicator.title }} {{ target }}
{% if numbered %}<a href="{{ numbered.get_absolute_url }}">{{ numbered }}</a>{% else %}Not in a numbered target yet{% endif %}
{% if target.weight is not None %}{{ target.weight|figure }}%{% if not target.is_scored %} not scored{% endif %}
{% else %}Not weighted{% endif %} {% if target.effective_baseline_value is not None %}
{{ target.effective_baseline_value|with_unit:indicator.unit }} in {{ target.effective_baseline_year }}
{% if not target.own_baseline %}(the indicator's){% endif %}{% endif %} {{ indicator.get_direction_display }}
{% if target.interim_period %}{{ target.interim_period }} {{ target.interim_without_lpsa|figure }}
{{ target.interim_with_lpsa|figure }} {{ target.interim_stretch|figure:True }}{% endif %}
{{ target.period }} {{ target.without_lpsa|figure }} {{ target.with_lpsa|figure }} {{ target.stretch|figure:True }}
{{ target.stretch_percent|figure:True }} <img src="{{ chart }}" alt="{{ chart_text }}"> {{ target.get_status_display }}
{% for freedom in freedoms %}{{ freedom.get_status_display }} {{ freedom.request }} {{ freedom.department }}
{% empty %}None asked for.{% endfor %}
{% for allocation in pump_priming %}{{ allocation.amount|money }}: {{ allocation.spend_on }}{% empty %}None allocated.{% endfor %}
{% for entry in entries %}{{ entry.recorded_at|date:"j M Y" }} {{ entry.get_kind_display }} {{ entry.note }}
{{ entry.without_lpsa|figure }} {{ entry.with_lpsa|figure }}
{{ entry.recorded_by.get_full_name|default:entry.recorded_by.username }}{% endfor %}"""
    + FLOOR_COMMENTS
)

FLOOR_AGREEMENT = """{% load figures %}{{ framework.title }} {{ target_warning }}
{% if can_edit %}<a href="{% url 'priorities:agreementtarget_create' framework.slug %}">Add</a>{% endif %}
{% for numbered in agreement.numbered %}{% with item=numbered.item %}<div id="agreementtarget-{{ item.pk }}">
Target {{ item.number }}: {{ item.title }}{% if can_edit %}<a href="{% url 'priorities:agreementtarget_edit' item.pk %}">Edit</a>
<a href="{% url 'priorities:agreementtarget_delete' item.pk %}">Delete</a>
{% if not forloop.first or not forloop.last %}{% url 'priorities:agreementtarget_move' item.pk %}{% endif %}{% endif %}
<a href="{{ item.priority.get_absolute_url }}">{{ item.priority }}</a> {{ item.lead_partner|default:"Not given" }}
{{ item.lead_department|default:"Not given" }} {% if numbered.share is not None %}{{ numbered.share|money }}{% endif %}
{% if numbered.weight_problem %}{{ numbered.weight_problem }}{% endif %}
{% for line in numbered.lines %}<tr><td><a href="{% url 'priorities:target' line.target.pk %}">{{ line.label }}</a></td>
<td>{{ line.target.period }}</td><td>{{ line.target.without_lpsa|with_unit:line.target.indicator.unit }}</td>
<td>{{ line.target.with_lpsa|with_unit:line.target.indicator.unit }}</td>
<td>{% if line.target.weight is not None %}{{ line.target.weight|figure }}%{% else %}Equal{% endif %}</td>
<td>{{ line.share|money }}</td></tr>{% empty %}No lines yet{% endfor %}</div>
{% endwith %}{% empty %}There are no numbered targets yet.{% endfor %}
{% for target in agreement.unassigned %}<a href="{% url 'priorities:target' target.pk %}">{{ target.label }}</a>
{% if can_edit %}<a href="{% url 'priorities:target_edit' target.pk %}">choose its target</a>{% endif %}{% endfor %}"""

FLOOR_COMPARE = """{{ framework.title }} {{ submission.get_stage_display }} {{ submission.version }} {{ newer_label }}
{% for other in others %}<option value="{{ other.pk }}">{{ other.get_stage_display }}, version {{ other.version }}</option>
{% endfor %}{% for change in changes %}{{ change.kind_name }} {{ change.label }} {{ change.status }}
{% for label, before, after in change.fields %}<tr><th>{{ label }}</th><td>{{ before }}</td><td>{{ after }}</td></tr>
{% endfor %}{% empty %}Nothing has changed.{% endfor %}"""

FLOOR_CALCULATOR = """{% load figures %}{{ framework.title }} {{ framework.potential_reward|money }}
{% for row in results.lines %}<tr><td>{{ row.expected.line.label }}</td><td>{{ row.expected.share|money }}</td>
<td>{% if row.fraction is not None %}{{ row.fraction|percent }}{% else %}No result entered{% endif %}</td>
<td>{{ row.earned|money }}</td><td>{% if row.interim_met is None %}-{% elif row.interim_met %}Met:
{{ row.on_account|money }}{% else %}Not met{% endif %}</td></tr>{% endfor %}
{{ results.potential|money }} {{ results.earned|money }} {{ results.on_account|money }} {{ results.instalment|money }}
{% for field in fields %}<label for="{{ field.name }}">{{ field.label }}</label> {{ field.help }}
<input name="{{ field.name }}" value="{{ field.value }}">{% endfor %}"""

FLOOR_REVIEW = """{% load figures lpsa_tags %}{{ framework.council.name }} {{ submission.get_stage_display }}
{{ submission.version }} {{ submission.approved_by.get_full_name|default:submission.approved_by.username }}
{{ submission.approved_at|date:"j F Y" }} {{ framework.get_stage_display }}
<a href="{% url 'lpsa:submission_pdf' submission.pk %}">PDF</a>
{% for priority in snapshot.priorities %}{{ priority.number }} {{ priority.title }} {{ priority.outcome }}
{% for area in priority.target_areas %}{% for indicator in area.indicators %}
{{ indicator.title }} {{ indicator.unit }} {{ indicator.definition }} {{ indicator.baseline_value|figure }}
{{ indicator.baseline_year }}
{% for target in indicator.targets %}{% with live=live|get_item:target.id log=entries|get_item:target.id %}
{{ target.title|default:target.period }} {{ target.without_lpsa|figure }} {{ target.with_lpsa|figure }}
{{ target.stretch|figure:True }} {% if live %}{{ live.get_status_display }}{% endif %}
{% for entry in log %}{{ entry.recorded_at|date:"j M Y" }} {{ entry.get_kind_display }} {{ entry.without_lpsa|figure }}
{{ entry.with_lpsa|figure }} {{ entry.recorded_by.get_full_name|default:entry.recorded_by.username }}
{{ entry.note }}{% endfor %}{% if can_record and live %}<a href="{% url 'lpsa:negotiate' target.id %}">Record</a>{% endif %}
{% endwith %}{% endfor %}
{% if can_comment %}<a href="{% url 'lpsa:comment_create' 'indicator' indicator.id %}">Comment</a>{% endif %}
{% endfor %}{% endfor %}{% endfor %}"""


# --- measuring --------------------------------------------------------------------------


@dataclass
class Case:
    page: str
    dataset: str
    person: object
    url: str
    floor_template: str
    floor_context: dict
    twin: str = ""  # the national and 10x rows of one page share it, to compare their queries
    # Work the view does that the floor is handed done: timed on its own, for the notes.
    outside: Callable[[], object] | None = None
    outside_label: str = ""


@dataclass
class Result:
    case: Case
    times: list[float]
    queries: list[int]
    floor: list[float]
    last_queries: list[str]
    outside: list[float] = field(default_factory=list)


# Delivery's pages, timed once the whole dataset is carried into delivery (build_delivery).
FLOOR_DELIVERY_OVERVIEW = """{{ framework.title }} {{ framework.get_stage_display }} {{ framework.signed_on|date:"j F Y" }}
{% for rating, count in counts %}{{ rating.label }}: {{ count }} {% endfor %}
{% for blocker in blockers %}<li>{{ blocker }}</li>{% endfor %}
{% for numbered in progress %}Target {{ numbered.item.number }}: {{ numbered.item.title }} {{ numbered.share }}
{% for lp in numbered.lines %}<a href="{% url 'delivery:line' lp.line.pk %}">{{ lp.line.label }}</a>
{{ lp.latest.actual }} {{ lp.latest.period_label }} {{ lp.latest.get_status_display }} {{ lp.rated.rating.label }} {{ lp.rated.rule }}
{% endfor %}{% endfor %}"""

FLOOR_DELIVERY_LINE = """{{ lp.line.label }} {{ lp.line.indicator.definition }} {{ lp.rated.rating.label }} {{ lp.rated.rule }}
{% for point in lp.points %}{{ point.year }} {{ point.without }} {{ point.with_lpsa }} {{ point.entered }}{% endfor %}
{{ chart }}
{% for item in lp.returns %}{{ item.period_label }} {{ item.actual }} {{ item.get_status_display }} {{ item.source }}
{{ item.note }} {{ item.sent_at|date:"j F Y" }}{% for file in item.evidence.all %}{{ file.name }}{% endfor %}
{% endfor %}"""

FLOOR_DELIVERY_CLAIM = """{{ figures.council }} {{ figures.total }}
{% for line in figures.lines %}{% for key, value in line.items %}{{ key }} {{ value }} {% endfor %}
{% endfor %}{% for key, value in figures.items %}{{ key }} {% endfor %}"""

FLOOR_DELIVERY_MONEY = """{{ grant.grant }} {{ grant.allocated }} {{ grant.spent }} {{ grant.left }}
{% for row in grant.allocations %}{{ row.allocation.label }} {{ row.allocation.amount }} {{ row.allocation.get_kind_display }}
{% for year, amount in row.by_year %}{{ year }} {{ amount }} {% endfor %}{{ row.spent }} {{ row.left }}
{% endfor %}{% for freedom in freedoms %}{{ freedom.request }} {{ freedom.department }} {{ freedom.get_status_display }}
{{ freedom.progress.get_delivered_display }} {{ freedom.progress.answer }}{% endfor %}"""


def delivery_overview_context(user, slug: str) -> dict:
    """What the delivery overview shows, from the same functions the view calls."""
    from delivery import permissions
    from delivery.progress import counts, framework_progress
    from delivery.rag import Rating
    from lpsa.workflow import stage_blockers

    framework = permissions.get_framework_for_delivery(user, slug)
    progress = framework_progress(framework, permissions.returns_for(user, framework))
    tally = counts(progress)
    return {
        "framework": framework,
        "progress": progress,
        "counts": [(rating, tally[rating]) for rating in Rating],
        "blockers": stage_blockers(framework),
    }


def delivery_line_context(user, pk: int) -> dict:
    from delivery import charts, permissions
    from delivery.progress import line_progress

    line = permissions.get_line_for_delivery(user, pk)
    returns = permissions.returns_for(user, line.framework).prefetch_related("evidence")
    progress = line_progress(line, returns)
    # Drawn once: the floor is handed the chart done, and drawing it is timed on its own.
    return {"lp": progress, "chart": charts.line_chart_svg(progress), "draw": lambda: charts.line_chart_svg(progress)}


def delivery_money_context(user, slug: str) -> dict:
    from delivery import money, permissions

    framework = permissions.get_framework_for_delivery(user, slug)
    return {"grant": money.grant_spend(framework), "freedoms": money.freedoms_of(framework)}


def dashboard_context(user) -> dict:
    """What the dashboard view hands its template, fetched once with the same queries."""
    from priorities import permissions as perms
    from priorities.gaps import framework_gaps

    frameworks = list(perms.frameworks_for(user).for_dashboard())
    gaps = framework_gaps(fw.pk for fw in frameworks)
    return {"rows": [{"framework": fw, "gaps": gaps[fw.pk]} for fw in frameworks]}


def review_list_context(user) -> dict:
    from lpsa import permissions as lpsa_perms

    submissions = (
        lpsa_perms.submissions_for(user)
        .select_related("framework__council", "approved_by")
        .order_by("framework__council__name", "-approved_at")
    )
    return {"submissions": list(submissions)}


def framework_context(user, slug: str) -> dict:
    """What the framework overview hands its template, fetched once with the same prefetching."""
    from priorities import permissions as perms
    from priorities.gaps import framework_gaps
    from priorities.views import target_count_warning

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
    numbered = framework.agreement_targets.count()
    return {
        "framework": framework,
        "priorities": priorities,
        "counts": counts,
        "numbered_count": numbered,
        "target_warning": target_count_warning(numbered) if numbered or not framework.in_stage_one else "",
        "gaps": framework_gaps([framework.pk])[framework.pk],
    }


def agreement_context(user, slug: str) -> dict:
    """What the numbered targets page hands its template: framework_agreement(), as the view calls it."""
    from priorities import permissions as perms
    from priorities.agreement import framework_agreement
    from priorities.views import target_count_warning

    framework = perms.get_framework_for_user(user, slug)
    agreement = framework_agreement(framework)
    return {
        "framework": framework,
        "agreement": agreement,
        "target_warning": target_count_warning(len(agreement.numbered)),
        "can_edit": perms.can_edit_structure(user, framework),
    }


def comments_context(user, subject) -> dict:
    """The threads of an indicator or target, fetched as the comments_for tag fetches them."""
    from django.db.models import Prefetch

    from lpsa import permissions as lpsa_perms
    from lpsa.models import Comment

    threads = list(
        Comment.objects.filter(**{type(subject).__name__.lower(): subject}, parent__isnull=True)
        .select_related("author", "resolved_by", "framework")
        .prefetch_related(Prefetch("replies", queryset=Comment.objects.select_related("author")))
    )
    for thread in threads:
        thread.may_resolve = lpsa_perms.can_resolve(user, thread)
    return {"threads": threads, "can_comment": lpsa_perms.can_comment(user, subject.framework)}


def indicator_context(user, pk: int) -> dict:
    from priorities import permissions as perms
    from priorities.models import Indicator

    queryset = Indicator.objects.select_related("target_area__priority__framework__council")
    indicator = perms.get_visible(user, queryset, pk, framework_path="target_area__priority__framework")
    return {
        "indicator": indicator,
        # The view selects only "agreement_target"; each one's link then fetches its framework
        # again, one query a line. The floor must not query, so it takes the frameworks along.
        "targets": list(indicator.targets.select_related("agreement_target__framework")),
        "can_edit": perms.can_edit_measures(user, indicator.target_area.priority),
        **comments_context(user, indicator),
    }


def target_context(user, pk: int) -> dict:
    """The target page's data, with its chart drawn here: the floor only prints the image's address."""
    from priorities import permissions as perms
    from priorities.charts import chart_description, target_chart_data_uri
    from priorities.models import Indicator, Target

    # The view's kind selects "agreement_target"; its link fetches the framework again, which
    # the floor may not, so the floor takes it along.
    queryset = Target.objects.select_related(
        "indicator__target_area__priority__framework__council", "agreement_target__framework"
    )
    target = perms.get_visible(user, queryset, pk, framework_path="indicator__target_area__priority__framework")
    indicator = Indicator.objects.select_related("target_area__priority__framework").get(pk=target.indicator_id)
    return {
        "target": target,
        "indicator": indicator,
        "numbered": target.agreement_target,
        "freedoms": list(target.freedoms.all()),
        "pump_priming": list(target.pump_priming.all()),
        "chart": target_chart_data_uri(target, indicator),
        "chart_text": chart_description(target, indicator),
        "entries": list(target.negotiation.select_related("recorded_by")),
        "can_edit": perms.can_edit_measures(user, indicator.target_area.priority),
        **comments_context(user, target),
    }


def compare_context(user, pk: int) -> dict:
    from lpsa import permissions as lpsa_perms
    from lpsa.compare import compare
    from lpsa.snapshot import framework_snapshot

    submission = lpsa_perms.get_submission_for_user(user, pk)
    framework = submission.framework
    return {
        "framework": framework,
        "submission": submission,
        "newer_label": "the current draft",
        "changes": compare(submission.snapshot, framework_snapshot(framework)),
        "others": list(framework.submissions.exclude(pk=submission.pk)),
    }


def reward_results(form, lines: list):
    """What the calculator view works out from a valid form (the same call, the same arguments)."""
    from priorities import reward
    from priorities.models import Indicator

    return reward.calculate(
        [
            reward.Expected(
                line=line,
                share=line.share or Decimal(0),
                without=line.target.without_lpsa,
                with_lpsa=line.target.with_lpsa,
                final=form.cleaned_data.get(f"final_{line.target.pk}"),
                interim_with=line.target.interim_with_lpsa,
                interim=form.cleaned_data.get(f"interim_{line.target.pk}"),
                higher_is_better=line.target.indicator.direction == Indicator.Direction.HIGHER,
            )
            for line in lines
            if line.target.without_lpsa is not None and line.target.with_lpsa is not None
        ]
    )


def expected_results(lines: list) -> dict[str, str]:
    """A query string for the calculator: results for its first six scored lines, interim levels met."""
    fractions = [Decimal("1"), Decimal("0.8"), Decimal("0.7"), Decimal("0.5"), Decimal("1.2"), Decimal("0.9")]
    scored = [line for line in lines if line.target.without_lpsa is not None and line.target.with_lpsa is not None]
    query = {}
    for line, fraction in zip(scored, fractions, strict=False):
        target = line.target
        final = target.without_lpsa + fraction * (target.with_lpsa - target.without_lpsa)
        query[f"final_{target.pk}"] = str(final.quantize(Decimal("0.01")))
        if target.interim_period and target.interim_with_lpsa is not None:
            query[f"interim_{target.pk}"] = str(target.interim_with_lpsa)
    return query


def scored_lines(framework) -> list:
    """The calculator's lines, as the view picks them: every numbered target's, less those weighted 0%."""
    from priorities.agreement import framework_agreement

    return [line for line in framework_agreement(framework).lines if line.target.is_scored]


def calculator_context(user, slug: str, query: dict) -> tuple[dict, Callable[[], object]]:
    """The calculator's data with the form checked and the reward worked out; and that work, to time."""
    from django.http import QueryDict

    from priorities import permissions as perms
    from priorities.forms import CalculatorForm

    framework = perms.get_framework_for_user(user, slug)
    lines = scored_lines(framework)
    data = QueryDict(urlencode(query))

    def work():
        form = CalculatorForm(lines, data)
        if not form.is_valid():
            raise SystemExit(f"The calculator refused the benchmark's expected results: {form.errors.as_text()}")
        return form, reward_results(form, lines)

    form, results = work()
    fields = [
        {"name": name, "label": f.label, "help": f.help_text, "value": data.get(name, "")}
        for name, f in form.fields.items()
    ]
    context = {"framework": framework, "lines": lines, "results": results, "fields": fields}
    return context, work


def review_context(user, pk: int) -> dict:
    """What review_submission hands its template, fetched with the same queries."""
    from lpsa import permissions as lpsa_perms
    from lpsa.models import NegotiationEntry
    from priorities.models import Target

    submission = lpsa_perms.get_submission_for_user(user, pk)
    framework = submission.framework
    target_ids = [
        target["id"]
        for priority in submission.snapshot["priorities"]
        for area in priority["target_areas"]
        for indicator in area["indicators"]
        for target in indicator["targets"]
    ]
    entries: dict[int, list] = {}
    for entry in NegotiationEntry.objects.filter(target_id__in=target_ids).select_related("recorded_by"):
        entries.setdefault(entry.target_id, []).append(entry)
    live = {t.pk: t for t in Target.objects.filter(pk__in=target_ids).select_related("indicator")}
    return {
        "submission": submission,
        "framework": framework,
        "snapshot": submission.snapshot,
        "entries": entries,
        "live": live,
        "can_record": lpsa_perms.can_negotiate(user, framework) and submission.stage == "two",
        "can_comment": lpsa_perms.can_comment(user, framework),
    }


def timed(function: Callable[[], object], runs: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        function()
    gc.collect()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


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
    floor = timed(lambda: template.render(case.floor_context), requests, warmup)
    outside = timed(case.outside, requests, warmup) if case.outside else []
    return Result(case, times, queries, floor, last, outside)


def check(response, case: Case) -> None:
    if response.status_code != 200:
        raise SystemExit(f"{case.page} ({case.url}) answered {response.status_code}, not 200.")


def shape(sql: str) -> str:
    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)


def repeated(statements: list[str]) -> list[tuple[int, str]]:
    """Statements run more than once in one request once their literals are blanked: N+1 suspects."""
    shapes = Counter(shape(sql) for sql in statements)
    return [(n, text) for text, n in shapes.items() if n > 1]


def fixed_queries(statements: list[str]) -> int:
    """How many of a request's queries are the session, the user and their Person."""
    tables = "|".join(FIXED_TABLES)
    return sum(1 for sql in statements if re.search(rf'FROM "({tables})"', sql))


def framework_size(framework) -> str:
    from priorities.models import AgreementTarget, Indicator, Priority, Target

    priorities = Priority.objects.filter(framework=framework).count()
    indicators = Indicator.objects.filter(target_area__priority__framework=framework).count()
    numbered = AgreementTarget.objects.filter(framework=framework).count()
    targets = Target.objects.filter(indicator__target_area__priority__framework=framework).count()
    return f"{priorities} priorities, {indicators} indicators, {numbered} numbered targets, {targets} target lines"


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else words or word + 's'}"


def cases(people: dict) -> tuple[list[Case], Case]:
    """The pages to time, in the order of the table; and the empty page that shows the fixed cost."""
    from django.urls import reverse

    from lpsa.models import Comment
    from priorities import permissions as perms

    officers, reviewer = people["officers"], people["reviewer"]
    measured, grown = officers[MEASURED], officers[GROWN]
    submission = people["submission"]

    def dashboard(label: str, person, twin: str = "") -> Case:
        context = dashboard_context(person.user)
        shown = len(context["rows"])
        label = f"{label}, {plural(shown, 'framework')}"
        return Case("dashboard", label, person, reverse("priorities:dashboard"), FLOOR_DASHBOARD, context, twin)

    def overview(label: str, name: str, person) -> Case:
        framework = perms.get_framework_for_user(person.user, slug_of(name))
        url = reverse("priorities:framework", args=[framework.slug])
        context = framework_context(person.user, framework.slug)
        label = f"{label}: {name}, {framework_size(framework)}"
        return Case("framework overview", label, person, url, FLOOR_FRAMEWORK, context, "overview")

    def indicator(label: str, name: str, person) -> Case:
        pk = people["measured"][name][0].pk
        context = indicator_context(person.user, pk)
        threads = context["threads"]
        replies = sum(len(t.replies.all()) for t in threads)
        targets = len(context["targets"])
        label = (
            f"{label}: {name}, {plural(targets, 'target line')}, {plural(len(threads), 'thread')} "
            f"({sum(t.is_resolved for t in threads)} resolved), {plural(replies, 'reply', 'replies')}"
        )
        url = reverse("priorities:indicator", args=[pk])
        return Case("indicator page", label, person, url, FLOOR_INDICATOR, context, "indicator")

    def target(label: str, name: str, person) -> Case:
        from priorities.charts import target_chart_data_uri

        pk = people["measured"][name][1].pk
        context = target_context(person.user, pk)
        line, numbered = context["target"], context["numbered"]
        weighted = f" weighted {line.weight.normalize():f}%" if line.weight is not None else ""
        label = (
            f"{label}: {name}, chart, a line{weighted} of target {numbered.number if numbered else '(none)'}, "
            f"{plural(len(context['entries']), 'offer')}, {plural(len(context['threads']), 'thread')}"
        )
        url = reverse("priorities:target", args=[pk])
        chart = (context["target"], context["indicator"])
        return Case(
            "target page",
            label,
            person,
            url,
            FLOOR_TARGET,
            context,
            outside=lambda: target_chart_data_uri(*chart),
            outside_label="drawing the chart (the floor gets it drawn)",
        )

    def numbered(label: str, name: str, person) -> Case:
        framework = perms.get_framework_for_user(person.user, slug_of(name))
        context = agreement_context(person.user, framework.slug)
        agreement = context["agreement"]
        label = (
            f"{label}: {name}, {plural(len(agreement.numbered), 'numbered target')}, "
            f"{plural(len(agreement.lines), 'line')} ({sum(line.target.weight is not None for line in agreement.lines)} "
            f"weighted), {len(agreement.unassigned)} left out"
        )
        url = reverse("priorities:agreement_targets", args=[framework.slug])
        return Case("numbered targets", label, person, url, FLOOR_AGREEMENT, context, "numbered")

    def compare_page(label: str, person) -> Case:
        from lpsa.compare import compare
        from lpsa.snapshot import framework_snapshot

        context = compare_context(person.user, submission.pk)
        label = f"{label}: {MEASURED}, Stage Two v{submission.version} vs draft, {plural(len(context['changes']), 'change')}"
        url = reverse("lpsa:compare", args=[submission.pk])
        subject = context["submission"]
        return Case(
            "compare",
            label,
            person,
            url,
            FLOOR_COMPARE,
            context,
            outside=lambda: compare(subject.snapshot, framework_snapshot(subject.framework)),
            outside_label="the draft's snapshot and the comparison (done before the floor)",
        )

    def calculator(label: str, name: str, person) -> Case:
        framework = perms.get_framework_for_user(person.user, slug_of(name))
        query = expected_results(scored_lines(framework))
        context, work = calculator_context(person.user, framework.slug, query)
        finals = sum(1 for key in query if key.startswith("final_"))
        label = (
            f"{label}: {name}, {plural(len(context['lines']), 'line')}, {plural(len(context['fields']), 'box', 'boxes')}, "
            f"{finals} results and {len(query) - finals} interim levels filled"
        )
        url = reverse("priorities:calculator", args=[framework.slug]) + "?" + urlencode(query)
        return Case(
            "reward calculator",
            label,
            person,
            url,
            FLOOR_CALCULATOR,
            context,
            outside=work,
            outside_label="building and checking the form and working out the reward (done before the floor)",
        )

    def review_list(label: str, person) -> Case:
        context = review_list_context(person.user)
        rows = context["submissions"]
        label = (
            f"{label}, {plural(len(rows), 'submission')} of {plural(len({s.framework_id for s in rows}), 'framework')}"
        )
        return Case("review list", label, person, reverse("lpsa:review_list"), FLOOR_REVIEW_LIST, context)

    def review(label: str, person) -> Case:
        context = review_context(person.user, submission.pk)
        targets = len(context["live"])
        offers = sum(len(log) for log in context["entries"].values())
        label = f"{label}: {MEASURED} Stage Two v{submission.version}, {plural(targets, 'target')}, {plural(offers, 'offer')}"
        url = reverse("lpsa:review", args=[submission.pk])
        return Case("submission review", label, person, url, FLOOR_REVIEW, context)

    pages = [
        dashboard(f"national: {MEASURED} officer", measured, "dashboard"),
        review_list("national: government reviewer", reviewer),
        overview("national", MEASURED, measured),
        numbered("national", MEASURED, measured),
        indicator("national", MEASURED, measured),
        target("national", MEASURED, measured),
        compare_page("national", measured),
        calculator("national", MEASURED, measured),
        review("national: government reviewer", reviewer),
        dashboard(f"{SCALE}x: {GROWN} officer", grown, "dashboard"),
        overview(f"{SCALE}x", GROWN, grown),
        numbered(f"{SCALE}x", GROWN, grown),
        indicator(f"{SCALE}x", GROWN, grown),
    ]
    if not Comment.objects.exists():
        raise SystemExit("The dataset has no comments: build_stage_two() did not run.")
    # Reviewers see no live framework, by design: their dashboard lists nothing, so it shows
    # what any signed-in page costs before its own work.
    empty = dashboard("reviewer's dashboard", reviewer)
    return pages, empty


# --- output -----------------------------------------------------------------------------


def delivery_cases(people: dict) -> list[Case]:
    """Delivery's pages, for the measured framework and the tenfold one, once both are in delivery."""
    from django.urls import reverse

    from delivery.claim_services import claim_figures
    from priorities.models import Target

    officers = people["officers"]
    rows = []
    for label, name in (("national", MEASURED), (f"{SCALE}x", GROWN)):
        person = officers[name]
        slug = slug_of(name)
        lines = Target.objects.filter(indicator__target_area__priority__framework__slug=slug).count()
        size = f"{label}: {name}, {plural(lines, 'line')}"
        context = delivery_overview_context(person.user, slug)
        url = reverse("delivery:overview", args=[slug])
        rows.append(Case("delivery overview", size, person, url, FLOOR_DELIVERY_OVERVIEW, context, "d-overview"))
        first = context["progress"][0].lines[0].line
        line_context = delivery_line_context(person.user, first.pk)
        returns = len(line_context["lp"].returns)
        rows.append(
            Case(
                "delivery line",
                f"{label}: {name}, {plural(returns, 'return')}",
                person,
                reverse("delivery:line", args=[first.pk]),
                FLOOR_DELIVERY_LINE,
                line_context,
                "d-line",
                outside=line_context["draw"],
                outside_label="drawing the chart (the floor gets it drawn)",
            )
        )
        from delivery import permissions

        framework = permissions.get_framework_for_delivery(person.user, slug)
        rows.append(
            Case(
                "final claim (worked out)",
                size,
                person,
                reverse("delivery:claim", args=[slug, "final"]),
                FLOOR_DELIVERY_CLAIM,
                {"figures": claim_figures(framework, "final")},
                "d-claim",
            )
        )
        rows.append(
            Case(
                "money in delivery",
                size,
                person,
                reverse("delivery:money", args=[slug]),
                FLOOR_DELIVERY_MONEY,
                delivery_money_context(person.user, slug),
                "d-money",
            )
        )
    return rows


def describe_machine(people: dict) -> str:
    """Two lines: the software and machine, then what the dataset holds."""
    import django
    from django.apps import apps
    from django.db import connection

    from lpsa.models import Comment, NegotiationEntry, Submission
    from partners.models import Organisation
    from priorities.models import (
        STAGES_WITH_GOVERNMENT,
        AgreementTarget,
        Framework,
        Indicator,
        IndicatorActivity,
        Priority,
        Target,
    )

    kinds = Counter(Organisation.objects.values_list("kind", flat=True))
    history = sum(m.objects.count() for m in apps.get_models() if m.__name__.startswith("Historical"))
    tally = people["tally"]
    with_government = Framework.objects.filter(stage__in=STAGES_WITH_GOVERNMENT).count()
    return (
        f"Python {platform.python_version()}, Django {django.get_version()}, database vendor: {connection.vendor} "
        f"({describe_database()}); {describe_cpu()}\n\n"
        f"Dataset (random.Random({SEED})): {kinds[Organisation.Kind.COUNTY]} councils, "
        f"{kinds[Organisation.Kind.DISTRICT]} districts, {Framework.objects.count()} frameworks at Stage Two "
        f"({with_government} with government), {Priority.objects.count()} priorities, "
        f"{IndicatorActivity.objects.count()} activities, {Indicator.objects.count()} indicators, "
        f"{AgreementTarget.objects.count()} numbered targets with {Target.objects.count()} target lines "
        f"({Target.objects.filter(weight__isnull=False).count()} of them weighted, "
        f"{Target.objects.filter(agreement_target__isnull=True).count()} in none); {Comment.objects.count()} comments ({tally['threads']} threads, {tally['resolved']} "
        f"resolved); {tally['edits']} edits through save_checked(), {history} history rows in all; "
        f"{Submission.objects.count()} submissions ({Submission.objects.exclude(sha256='').count()} with their "
        f"PDF: {MEASURED}'s, approved through the workflow); {NegotiationEntry.objects.count()} negotiation "
        f"entries. {GROWN}'s framework is {MEASURED}'s grown {SCALE}x, with {SCALE}x the comments on its "
        f"measured indicator."
    )


def load_average() -> str:
    try:
        return " ".join(f"{n:.2f}" for n in os.getloadavg())
    except OSError:
        return "unknown"


def markdown(header: list[str], rows: list[list[str]], text: set[int]) -> str:
    """A Markdown table: the columns numbered in ``text`` are aligned left, the figures right."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        padded = [c.ljust(w) if i in text else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join(("-" * (w + 2)) if i in text else ("-" * (w + 1) + ":") for i, w in enumerate(widths)) + "|"
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


def span(values: list[int]) -> str:
    low, high = min(values), max(values)
    return str(low) if low == high else f"{low}-{high}"


def table(results: list[Result]) -> str:
    header = ["page", "dataset", "median ms", "p95 ms", "queries", "floor median ms", "floor p95 ms", "ratio"]
    rows = []
    for r in results:
        median, floor_median = statistics.median(r.times), statistics.median(r.floor)
        rows.append(
            [
                r.case.page,
                r.case.dataset,
                f"{median:.2f}",
                f"{p95(r.times):.2f}",
                span(r.queries),
                f"{floor_median:.2f}",
                f"{p95(r.floor):.2f}",
                f"{median / floor_median:.1f}x",
            ]
        )
    return markdown(header, rows, text={0, 1})


@dataclass
class Verdict:
    result: Result
    queries_ok: bool
    growth_ok: bool
    growth: str
    time_ok: bool
    notes: list[str]


def judge(results: list[Result], empty: Result) -> list[Verdict]:
    """Each page against the goals, with a short note on every goal it misses."""
    fixed_ms = statistics.median(empty.times)
    fixed_n = max(empty.queries)
    twins: dict[str, list[Result]] = {}
    for r in results:
        if r.case.twin:
            twins.setdefault(r.case.twin, []).append(r)
    verdicts = []
    for r in results:
        notes = []
        most = max(r.queries)
        queries_ok = most <= GOAL_QUERIES
        fixed_here = fixed_queries(r.last_queries)
        if not queries_ok:
            notes.append(
                f"{most} queries: {fixed_here} are any signed-in page's (session, user, person), "
                f"{most - fixed_here} the page's own."
            )
        suspects = repeated(r.last_queries)
        pair = twins.get(r.case.twin, [])
        if len(pair) == 2:
            small, large = (sorted(p.queries) for p in pair)
            growth_ok = set(small) == set(large)
            growth = f"same at {SCALE}x" if growth_ok else f"{span(small)} -> {span(large)} at {SCALE}x"
        else:
            growth_ok = not suspects
            growth = "no query repeats" if growth_ok else "a query repeats"
        if suspects:
            growth_ok = False
            for n, text in suspects:
                notes.append(f"runs {n} times in one request (N+1): {text[:140]}")
        median, floor = statistics.median(r.times), statistics.median(r.floor)
        time_ok = median <= GOAL_RATIO * floor
        if not time_ok:
            rest = median - fixed_ms
            parts = [
                f"{median:.1f} ms against a {floor:.2f} ms floor. {fixed_ms:.1f} ms of it is the fixed cost of any "
                f"signed-in page ({fixed_n} queries, middleware, base layout)"
            ]
            if r.outside:
                outside = statistics.median(r.outside)
                parts.append(f"{outside:.1f} ms is {r.case.outside_label}")
                rest -= outside
            rest = max(rest, 0.0)
            parts.append(
                f"the other {rest:.1f} ms ({rest / floor:.1f}x the floor) is its "
                f"{plural(most - fixed_here, 'own query', 'own queries')} and the full template"
            )
            notes.append("; ".join(parts) + ".")
        verdicts.append(Verdict(r, queries_ok, growth_ok, growth, time_ok, notes))
    return verdicts


def goals_table(verdicts: list[Verdict]) -> str:
    header = ["page", "dataset", "queries", f"<= {GOAL_QUERIES}", "not growing", "ratio", f"<= {GOAL_RATIO:g}x floor"]
    rows = []
    for v in verdicts:
        r = v.result
        ratio = statistics.median(r.times) / statistics.median(r.floor)
        rows.append(
            [
                r.case.page,
                r.case.dataset.split(":")[0].split(",")[0],
                span(r.queries),
                "met" if v.queries_ok else "NOT met",
                f"{'met' if v.growth_ok else 'NOT met'} ({v.growth})",
                f"{ratio:.1f}x",
                "met" if v.time_ok else "NOT met",
            ]
        )
    return markdown(header, rows, text={0, 1, 3, 4, 6})


def goal_lines(verdicts: list[Verdict]) -> list[str]:
    """One line per goal, each starting with "Goal" (bench/results.py collects them)."""
    total = len(verdicts)

    def names(items: list[Verdict]) -> str:
        return ", ".join(f"{v.result.case.page} ({v.result.case.dataset.split(':')[0]})" for v in items)

    lines = []
    for label, key in (
        (f"at most {GOAL_QUERIES} queries a page", "queries_ok"),
        (f"queries not growing with size (the same at {SCALE}x, or no query run twice)", "growth_ok"),
        (f"server time at most {GOAL_RATIO:g}x the floor", "time_ok"),
    ):
        missed = [v for v in verdicts if not getattr(v, key)]
        if not missed:
            lines.append(f"Goal: {label}: met on all {total} pages.")
        else:
            lines.append(f"Goal: {label}: met on {total - len(missed)} of {total}; NOT met on {names(missed)}.")
    return lines


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
    if not STYLESHEET.exists():
        sys.exit(f"{STYLESHEET.relative_to(ROOT)} is missing (the approved PDF needs it): run `make install` first.")

    # A plain `kill` should still drop the throwaway database, via the finally below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.perf_counter()
    media = tempfile.mkdtemp(prefix="lpsa-bench-media-")
    # Read by the settings when imported: the approved PDFs go to the temporary folder, the
    # task that renders one runs at once inside the approval, and no e-mail leaves the process.
    os.environ["MEDIA_ROOT"] = media
    os.environ["TASKS_BACKEND"] = IMMEDIATE
    os.environ["EMAIL_BACKEND"] = LOCMEM_MAIL
    database = ThrowawayDatabase(args.database_url, MARKER)
    url = database.create()
    try:
        set_up_django(database, url)
        from django.conf import settings

        if Path(settings.MEDIA_ROOT).resolve() != Path(media).resolve():
            sys.exit(f"Django stores files in {settings.MEDIA_ROOT}, not the temporary folder {media}.")
        ready = time.perf_counter()
        print(f"Database ready in {ready - started:.1f} s; generating the national dataset...", file=sys.stderr)
        rng = random.Random(SEED)
        people = build_dataset(rng)
        print("Taking every framework into Stage Two (comments, edits, Hampshire's approval)...", file=sys.stderr)
        build_stage_two(people, rng)
        built = time.perf_counter()
        print(f"Dataset built in {built - ready:.1f} s; timing {requests} requests per page...", file=sys.stderr)
        pages, empty_case = cases(people)
        results = []
        load_before, wall, cpu = load_average(), time.perf_counter(), time.process_time()
        for case in pages:
            print(f"  {case.page}, {case.dataset}", file=sys.stderr)
            results.append(time_page(case, requests, warmup))
        empty = time_page(empty_case, requests, warmup)
        print("Carrying every framework into delivery (three years of quarterly returns)...", file=sys.stderr)
        build_delivery(rng)
        for case in delivery_cases(people):
            print(f"  {case.page}, {case.dataset}", file=sys.stderr)
            results.append(time_page(case, requests, warmup))
        on_cpu = (time.process_time() - cpu) / (time.perf_counter() - wall)
        header = describe_machine(people)
    finally:
        from django.db import connections

        connections.close_all()
        database.drop()
        shutil.rmtree(media, ignore_errors=True)
    finished = time.perf_counter()

    verdicts = judge(results, empty)
    print(header)
    print()
    print(
        f"Load average (1, 5, 15 min): {load_before} before timing, {load_average()} at the end; this process was "
        f"on a CPU {on_cpu:.0%} of the wall-clock time while timing (the rest: waiting for the database, or for "
        f"other processes; near 100% on SQLite means the times are not inflated by other work)."
    )
    print()
    print(
        f"{requests} timed requests per page after {warmup} warm-ups, through the test client and every "
        f"middleware; floor: the same data, fetched beforehand, rendered by a bare template {requests} times. "
        f"The floors are handed what the view works out already done: the target page's chart drawn (an SVG "
        f"data URI), the compare page's snapshot and comparison, the calculator's checked form and reward; "
        f"that work is timed on its own for the notes. Pages are {MEASURED}'s officer's unless the dataset "
        f"says otherwise."
    )
    print()
    print(table(results))
    print()
    print(
        f"Fixed cost of any signed-in page: the reviewer's dashboard, which lists nothing by design, took "
        f"{statistics.median(empty.times):.2f} ms (median; p95 {p95(empty.times):.2f} ms) with "
        f"{span(empty.queries)} queries: the session, the user and their person."
    )
    print()
    print(
        f"Asked of every page: at most {GOAL_QUERIES} queries, not growing with the framework (the national and "
        f"{SCALE}x rows compared where both exist; elsewhere, no query may run twice in one request), and a "
        f"median server time at most {GOAL_RATIO:g}x the floor's."
    )
    print()
    print(goals_table(verdicts))
    print()
    for line in goal_lines(verdicts):
        print(line)
    notes = [(v, note) for v in verdicts for note in v.notes]
    if notes:
        print()
        print("Why, where a goal is not met:")
        print()
        for v, note in notes:
            print(f"- {v.result.case.page} ({v.result.case.dataset.split(':')[0]}): {note}")
    print()
    print(f"Run took {finished - started:.1f} s (setup {ready - started:.1f} s, data {built - ready:.1f} s).")
    if args.show_queries:
        for r in [*results, empty]:
            print(f"\n-- {r.case.page}, {r.case.dataset}: {len(r.last_queries)} queries", file=sys.stderr)
            for statement in r.last_queries:
                print(statement, file=sys.stderr)


if __name__ == "__main__":
    main()
