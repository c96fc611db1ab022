"""Workflow and comment fragments shown on the content pages of the priorities app."""

from django import template
from django.db.models import Count, F, Prefetch
from django.urls import reverse

from lpsa import permissions as perms
from lpsa.models import Comment
from lpsa.workflow import approval_move, may_make
from partners.models import Person
from partners.permissions import person_of
from priorities.models import Indicator, Priority, Target
from priorities.permissions import EDITOR_ROLES, frameworks_for

register = template.Library()


@register.inclusion_tag("lpsa/includes/comments.html", takes_context=True)
def comments_for(context, subject):
    """The comment threads on an indicator, priority or target, with their replies."""
    user = context["request"].user
    field = {Indicator: "indicator", Priority: "priority", Target: "target"}[type(subject)]
    threads = list(
        Comment.objects.filter(**{field: subject}, parent__isnull=True)
        .select_related("author", "resolved_by", "framework")
        .prefetch_related(Prefetch("replies", queryset=Comment.objects.select_related("author")))
    )
    for thread in threads:
        thread.may_resolve = perms.can_resolve(user, thread)
    # The priority the item is under, for the link to the comments page filtered to it.
    priority = subject if field == "priority" else subject.priority
    return {
        "subject": subject,
        "priority_pk": priority.pk,
        "priority_position": priority.position,
        "kind": field,
        "threads": threads,
        "open_count": sum(1 for t in threads if not t.is_resolved),
        "can_comment": perms.can_comment(user, subject.framework),
        "offer_government": subject.framework.submissions.exists(),
        "request": context["request"],
    }


def _open_comment_counts(request) -> dict[int, int]:
    """Unresolved threads per framework the user can see: one query per request, however many."""
    if not hasattr(request, "_lpsa_open_comments"):
        rows = (
            Comment.objects.unresolved()
            .filter(framework__in=frameworks_for(request.user))
            .values("framework")
            .annotate(n=Count("pk"))
        )
        request._lpsa_open_comments = {row["framework"]: row["n"] for row in rows}
    return request._lpsa_open_comments


@register.inclusion_tag("lpsa/includes/attention.html", takes_context=True)
def needs_attention(context, framework):
    """What this user should look at in a framework: open comments, a waiting approval."""
    request = context["request"]
    user = request.user
    open_comments = _open_comment_counts(request).get(framework.pk, 0)

    step = approval_move(framework)
    return {
        "framework": framework,
        "open_comments": open_comments,
        # Only the lead authority's chief executive approves, so only they are told it waits for them.
        "approval_waiting": step is not None and may_make(user, framework, step),
    }


@register.inclusion_tag("lpsa/includes/negotiation.html", takes_context=True)
def negotiation_for(context, target):
    """The negotiation of a target on the council's page: its offers, and the officers' answers."""
    from lpsa.negotiation import negotiation_rows
    from lpsa.snapshot import snapshot_item

    request = context["request"]
    submission = perms.negotiated_submission(target.framework)
    submitted = snapshot_item(submission.snapshot, "target", target.pk) if submission else None
    row = None
    if submitted is not None:
        submitted = {**submitted, "unit": target.indicator.unit}
        row = negotiation_rows(submission, [submitted], request.user)[0]
    return {"target": target, "row": row, "request": request, "label": f"{target.indicator.title}: {target}"}


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.inclusion_tag("lpsa/includes/offers_waiting.html", takes_context=True)
def offers_waiting(context):
    """Offers the other side made that wait for this user's side to answer, for their home page."""
    from lpsa.models import NegotiationEntry, Submission

    user = context["request"].user
    person = person_of(user)
    if person is None or person.role not in {*EDITOR_ROLES, Person.Role.REVIEWER}:
        return {"items": []}  # leads and chief executives do not answer offers
    if perms.is_reviewer(user):
        waiting = NegotiationEntry.objects.filter(state=NegotiationEntry.State.OPEN, kind=NegotiationEntry.Side.COUNCIL)
        path = "target__indicator__target_area__priority__framework"
        rows = list(
            waiting.values(framework=F(path), council=F(f"{path}__council__name"))
            .annotate(n=Count("pk"))
            .order_by("council")
        )
        latest = {
            s["framework"]: s["pk"]
            for s in Submission.objects.filter(stage="two", framework__in=[r["framework"] for r in rows])
            .order_by("framework", "version")
            .values("framework", "pk")
        }
        items = [
            {
                "text": f"{r['n']} offer{'s' if r['n'] != 1 else ''} from {r['council']}",
                "url": reverse("lpsa:review", args=[latest[r["framework"]]]) if r["framework"] in latest else "",
            }
            for r in rows
        ]
    else:
        waiting = (
            NegotiationEntry.objects.filter(
                state=NegotiationEntry.State.OPEN,
                kind=NegotiationEntry.Side.GOVERNMENT,
                target__indicator__target_area__priority__framework__in=frameworks_for(user),
            )
            .select_related("target__indicator")
            .order_by("recorded_at")
        )
        items = [
            {
                "text": f"Government's offer on “{e.target.indicator.title}: {e.target}”",
                "url": e.target.get_absolute_url() + "#negotiation",
            }
            for e in waiting[:20]
        ]
    return {"items": items}


@register.inclusion_tag("lpsa/includes/returned.html", takes_context=True)
def returns_waiting(context, framework=None):
    """A banner for each framework the chief executive returned, until the officers take the next
    step on it (asking for approval again): on the officers' home, or the one framework's page.

    One query, however many frameworks: the returns with no step after them.
    """
    from django.db.models import Exists, OuterRef

    from lpsa.models import StageChange

    user = context["request"].user
    person = person_of(user)
    if person is None or person.role not in EDITOR_ROLES:
        return {"returns": []}
    frameworks = frameworks_for(user) if framework is None else frameworks_for(user).filter(pk=framework.pk)
    later = StageChange.objects.filter(framework=OuterRef("framework"), pk__gt=OuterRef("pk"))
    returns = (
        StageChange.objects.filter(framework__in=frameworks, action__startswith="return_")
        .exclude(Exists(later))
        .select_related("by", "framework")
        .order_by("-at", "-pk")
    )
    return {"returns": list(returns), "on_framework": framework is not None}


@register.inclusion_tag("lpsa/includes/task_list.html")
def task_list(framework, priorities=None):
    """The current stage's tasks for the framework page, from the workflow's own readiness check.

    ``priorities`` are those the page already loaded with ``for_framework_page()``.
    """
    from lpsa.task_list import framework_tasks

    sections = framework_tasks(framework, priorities)
    for s, section in enumerate(sections, 1):
        for t, task in enumerate(section.tasks, 1):
            task.dom_id = f"task-{s}-{t}"
    everything = [p for section in sections for task in section.tasks for p in task.blockers]
    return {
        "sections": sections,
        "blockers": everything,
        "stage_name": "Stage One" if framework.in_stage_one else "Stage Two",
    }


#: How many of a framework's blockers the dashboard lists before pointing to the task list.
DASHBOARD_BLOCKERS = 5


@register.inclusion_tag("lpsa/includes/still_missing.html")
def still_missing(framework):
    """The dashboard's “Still missing”: the blockers of the move the framework's stage works towards,
    the same the workflow page shows for that move."""
    from lpsa.workflow import WORKS_TOWARDS, stage_blockers

    found = stage_blockers(framework)
    return {
        "framework": framework,
        "blockers": found,
        "shown": found[:DASHBOARD_BLOCKERS],
        "more": max(len(found) - DASHBOARD_BLOCKERS, 0),
        "checked": framework.stage in WORKS_TOWARDS,
    }
