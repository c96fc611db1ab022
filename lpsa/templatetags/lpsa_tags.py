"""Workflow and comment fragments shown on the content pages of the priorities app."""

from django import template
from django.db.models import Count, Prefetch

from lpsa import permissions as perms
from lpsa.models import Comment
from partners.models import Person
from partners.permissions import person_of
from priorities.models import Indicator, Priority, Stage, Target
from priorities.permissions import frameworks_for

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
    return {
        "subject": subject,
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
    person = person_of(user)
    open_comments = _open_comment_counts(request).get(framework.pk, 0)
    waiting = framework.stage in (Stage.ONE_AWAITING_APPROVAL, Stage.TWO_AWAITING_APPROVAL)
    return {
        "framework": framework,
        "open_comments": open_comments,
        "approval_waiting": waiting and person is not None and person.role == Person.Role.CHIEF_EXECUTIVE,
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
    return {"target": target, "row": row, "request": request, "label": str(target)}


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
