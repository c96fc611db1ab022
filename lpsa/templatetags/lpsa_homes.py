"""Each role's own work on its home page, and a framework's dates, for the priorities pages.

Every tag takes a fixed number of queries, however many priorities, submissions or
frameworks there are (tests/priorities/test_query_counts.py).
"""

from django import template
from django.db.models import Q
from django.utils import timezone

from lpsa.home import waiting_on_page
from lpsa.milestones import timeline
from lpsa.models import Comment, StageChange
from lpsa.permissions import submissions_for
from partners.permissions import person_of
from priorities.models import Framework, Priority, Stage
from priorities.permissions import frameworks_for

register = template.Library()

AWAITING = (Stage.ONE_AWAITING_APPROVAL, Stage.TWO_AWAITING_APPROVAL)
#: Open comments listed on a lead's home; the count says how many more there are.
COMMENTS_SHOWN = 10


def _indicator_gaps(indicator) -> list[str]:
    gaps = []
    if not indicator.definition:
        gaps.append("no definition")
    if not indicator.data_source:
        gaps.append("no data source")
    if indicator.baseline_value is None:
        gaps.append("no baseline")
    if not indicator.targets.all():
        gaps.append("no target line")
    return gaps


def _target_gaps(target) -> list[str]:
    gaps = []
    if target.without_lpsa is None:
        gaps.append("no figure without LPSA2")
    if target.with_lpsa is None:
        gaps.append("no target with LPSA2")
    if target.is_scored and target.with_lpsa is not None and target.with_lpsa == target.without_lpsa:
        gaps.append("no enhancement")
    return gaps


@register.inclusion_tag("priorities/includes/home_lead.html", takes_context=True)
def lead_work(context):
    """A working-group lead's priorities (their group leads them, as its lead or a member),
    each indicator and target line with what it still lacks, and the open comments on them."""
    request = context["request"]
    person = person_of(request.user)
    led = Q(leading_group__lead_person=person) | Q(leading_group__member_people=person)
    ids = Priority.objects.filter(led, framework__in=frameworks_for(request.user)).values("pk").distinct()
    priorities = list(
        Priority.objects.filter(pk__in=ids)
        .select_related("framework", "leading_group")
        .prefetch_related("target_areas__indicators__targets")
        .order_by("framework__title", "position")
    )
    for priority in priorities:
        priority.indicator_rows = [
            {
                "indicator": indicator,
                "gaps": _indicator_gaps(indicator),
                "lines": [{"target": t, "gaps": _target_gaps(t)} for t in indicator.targets.all()],
            }
            for area in priority.target_areas.all()
            for indicator in area.indicators.all()
        ]
        priority.complete = not any(
            row["gaps"] or any(line["gaps"] for line in row["lines"]) for row in priority.indicator_rows
        )
    on_them = (
        Q(priority__in=ids)
        | Q(indicator__target_area__priority__in=ids)
        | Q(target__indicator__target_area__priority__in=ids)
    )
    comments = list(
        Comment.objects.unresolved()
        .filter(on_them)
        .select_related("author", "priority", "indicator", "target__indicator")
        .order_by("-created_at", "-pk")[: COMMENTS_SHOWN + 1]
    )
    return {
        "priorities": priorities,
        "comments": comments[:COMMENTS_SHOWN],
        "more_comments": len(comments) > COMMENTS_SHOWN,
    }


@register.inclusion_tag("priorities/includes/home_chief_executive.html", takes_context=True)
def approvals_waiting(context):
    """Frameworks that wait for this chief executive's approval: their own council leads them, and
    they are not closed (a closed framework is approved by nobody until it is reopened)."""
    request = context["request"]
    person = person_of(request.user)
    frameworks = list(
        frameworks_for(request.user)
        .filter(stage__in=AWAITING, council_id=person.organisation.council_area_id, closed_at__isnull=True)
        .select_related("council")
        .order_by("title")
    )
    asked = {}
    if frameworks:
        for change in StageChange.objects.filter(framework__in=frameworks, to_stage__in=AWAITING).select_related("by"):
            asked[change.framework_id] = change  # ordered by time: the last request wins
    for framework in frameworks:
        framework.asked = asked.get(framework.pk)
    return {"frameworks": frameworks}


@register.inclusion_tag("priorities/includes/home_reviewer.html", takes_context=True)
def submissions_to_review(context):
    """Every submission government has, newest first, with where its framework is now."""
    request = context["request"]
    submissions = list(
        submissions_for(request.user)
        .defer("snapshot")
        .select_related("framework__council", "approved_by")
        .order_by("-approved_at", "-pk")
    )
    latest: dict[tuple[int, str], int] = {}
    for submission in submissions:
        latest.setdefault((submission.framework_id, submission.stage), submission.pk)
    for submission in submissions:
        framework = submission.framework
        submission.is_latest = latest[(framework.pk, submission.stage)] == submission.pk
        submission.waits_for_government = submission.is_latest and framework.stage in (
            Stage.ONE_SUBMITTED,
            Stage.TWO_SUBMITTED,
            Stage.TWO_NEGOTIATION,
        )
    waiting = sum(1 for s in submissions if s.waits_for_government)
    return {"submissions": submissions, "waiting": waiting}


@register.inclusion_tag("lpsa/includes/dates_soon.html", takes_context=True)
def dates_soon(context, framework: Framework, limit: int = 4):
    """The dates still ahead of a framework on the dashboard, overdue ones first, a few at most."""
    milestones = waiting_on_page(context, framework, "milestones")
    rows = [row for row in timeline(framework, milestones) if not row.done]
    return {"dates": rows[:limit], "more": max(0, len(rows) - limit), "framework": framework}


@register.inclusion_tag("lpsa/includes/framework_dates.html", takes_context=True)
def framework_dates(context, framework: Framework):
    """The framework page's dates: both stage deadlines and every milestone, in date order."""
    from lpsa.permissions import can_edit_milestones

    request = context["request"]
    return {
        "dates": timeline(framework, framework.milestones.all(), timezone.localdate()),
        "framework": framework,
        "can_edit": can_edit_milestones(request.user, framework),
        "list_id": "framework-dates",
    }
