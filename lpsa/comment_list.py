"""The comments page of a framework: its threads, filtered and grouped by priority."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from lpsa import permissions as perms
from lpsa.models import Comment
from partners.permissions import person_of
from priorities.models import Framework, Priority

# The filters, in the order the page offers them: (key, label).
SHOWS = [
    ("open", "Open"),
    ("awaiting", "Awaiting my reply"),
    ("mine", "Mine"),
    ("resolved", "Resolved"),
    ("all", "All"),
]
SHOW_LABELS = dict(SHOWS)
KIND_LABELS = {"priority": "Priority", "indicator": "Indicator", "target": "Target line"}
#: The most threads one page lists; a priority filter narrows a longer list.
MOST_THREADS = 200


@dataclass
class Group:
    """The threads about one priority and the items under it."""

    priority: Priority | None
    threads: list[Comment]


def led_priorities(user, framework: Framework):
    """The framework's priorities led by a working group the user leads or belongs to (a subquery)."""
    person = person_of(user)
    if person is None:
        return Priority.objects.none().values("pk")
    led = Q(leading_group__lead_person=person) | Q(leading_group__member_people=person)
    return Priority.objects.filter(led, framework=framework).values("pk")


def thread_list(user, framework: Framework, *, show: str, priority: int | None, priorities: list[Priority]) -> dict:
    """The threads to list with the count for each filter, in a fixed number of queries.

    ``priorities`` are the framework's, which the page has loaded for its filter.
    """
    threads = perms.framework_comments_for(user, framework).threads_for_list(user)
    if priority is not None:
        threads = threads.filter(priority_key=priority)
    led = led_priorities(user, framework)
    awaiting = threads.awaiting_reply_from(user, led)
    counts = threads.aggregate(
        open=Count("pk", filter=Q(resolved_at__isnull=True)),
        mine=Count("pk", filter=Q(took_part=True)),
        resolved=Count("pk", filter=Q(resolved_at__isnull=False)),
        all=Count("pk"),
    )
    counts["awaiting"] = awaiting.count()
    chosen = {
        "open": threads.filter(resolved_at__isnull=True),
        "awaiting": awaiting,
        "mine": threads.filter(took_part=True),
        "resolved": threads.filter(resolved_at__isnull=False),
        "all": threads,
    }[show]
    found = list(
        chosen.select_related("author", "resolved_by", "priority", "indicator__target_area", "target__indicator")
        .prefetch_related(Prefetch("replies", queryset=Comment.objects.select_related("author")))
        .order_by("priority_position", "created_at", "pk")[: MOST_THREADS + 1]
    )
    groups: list[Group] = []
    by_pk = {p.pk: p for p in priorities}
    for thread in found[:MOST_THREADS]:
        replies = list(thread.replies.all())
        thread.last = replies[-1] if replies else thread
        subject = thread.subject
        thread.subject_label = subject.label if thread.target_id else str(subject)
        thread.kind_label = KIND_LABELS[thread.subject_kind]
        thread.url = thread.subject.get_absolute_url().split("#")[0] + f"#comment-{thread.pk}"
        owner = by_pk.get(thread.priority_key)
        if not groups or groups[-1].priority is not owner:
            groups.append(Group(owner, []))
        groups[-1].threads.append(thread)
    return {
        "groups": groups,
        "counts": counts,
        "more": len(found) > MOST_THREADS,
        "most": MOST_THREADS,
    }
