"""Workflow and comment fragments shown on the content pages of the priorities app."""

from django import template
from django.db.models import Count, F, Prefetch
from django.urls import reverse

from lpsa import permissions as perms
from lpsa.home import waiting_in, waiting_on_page
from lpsa.models import Comment
from lpsa.workflow import approval_move, may_make
from partners.models import Person
from partners.permissions import person_of
from priorities.models import Indicator, Priority, Target
from priorities.permissions import EDITOR_ROLES

register = template.Library()

#: Government's offers listed on an officer's home page, oldest first.
OFFERS_SHOWN = 20


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


@register.inclusion_tag("lpsa/includes/attention.html", takes_context=True)
def needs_attention(context, framework):
    """What this user should look at in a framework: open comments, a waiting approval."""
    request = context["request"]
    user = request.user
    open_comments = waiting_on_page(context, framework, "open_comments")

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
        offers = sorted(
            offer
            for offers in waiting_in(context["request"], context["frameworks"], "government_offers").values()
            for offer in offers
        )
        items = [{"text": text, "url": url} for _, text, url in offers[:OFFERS_SHOWN]]
    return {"items": items}


@register.inclusion_tag("lpsa/includes/returned.html", takes_context=True)
def returns_waiting(context, framework=None):
    """A banner for each framework the chief executive returned, until the officers take the next
    step on it (asking for approval again): on the officers' home, or the one framework's page.

    Nothing more to ask, however many frameworks: what waits in each is known (lpsa/home.py).
    """
    user = context["request"].user
    person = person_of(user)
    if person is None or person.role not in EDITOR_ROLES:
        return {"returns": []}
    frameworks = {shown.pk: shown for shown in (context["frameworks"] if framework is None else [framework])}
    returns = []
    for pk, change in waiting_in(context["request"], frameworks.values(), "unanswered_return").items():
        if change is not None:
            returns.append({"change": change, "framework": frameworks[pk]})
    returns.sort(key=lambda row: (row["change"].at, row["change"].pk), reverse=True)
    return {"returns": returns, "on_framework": framework is not None}


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
