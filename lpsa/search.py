"""Search across one framework: its priorities, target areas, activities, indicators, numbered
targets, target lines and the comments the user may read.

One query per kind of item whatever the framework's size, each cut at ``PER_KIND`` results.
``icontains`` behaves alike on SQLite and PostgreSQL for the words councils write; the match
shown is found again here, so the page can mark it without trusting any markup.
"""

import re
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q
from django.urls import reverse

from lpsa import permissions as perms
from priorities.models import AgreementTarget, Framework, Indicator, IndicatorActivity, Priority, Target, TargetArea

#: The longest search the page accepts, in characters.
MAX_QUERY = 100
#: The most results shown of each kind.
PER_KIND = 20
#: How much text either side of the match the excerpt shows.
CONTEXT = 60


@dataclass
class Hit:
    """One item that matched: its name, link, and the part of its text that matched."""

    title: str
    url: str
    where: str  # the field's label, such as “Evidence”
    before: str
    match: str
    after: str


@dataclass
class Group:
    kind: str
    hits: list[Hit]
    more: bool


def _excerpt(text: str, words: str) -> tuple[str, str, str] | None:
    """(before, match, after) around the first match in ``text``, cut to a readable length."""
    found = re.search(re.escape(words), text, re.IGNORECASE)
    if found is None:
        return None
    start, end = found.span()
    before = text[max(0, start - CONTEXT) : start]
    after = text[end : end + CONTEXT]
    if start > CONTEXT:
        before = "…" + before.lstrip()
    if end + CONTEXT < len(text):
        after = after.rstrip() + "…"
    return before, text[start:end], after


def _hit(item, words: str, fields: list[str], title: str, url: str) -> Hit:
    for name in fields:
        value = getattr(item, name) or ""
        part = _excerpt(str(value), words)
        if part is not None:
            label = str(item._meta.get_field(name).verbose_name)
            return Hit(title, url, label[:1].upper() + label[1:], *part)
    # The database matched where Python's case folding does not (rare letters): show the start.
    return Hit(title, url, "", "", "", str(getattr(item, fields[0]) or "")[: CONTEXT * 2])


def _kinds(framework: Framework, user):
    """(heading, queryset of the framework's items, fields searched, title, link) for each kind."""
    numbered_page = reverse("priorities:agreement_targets", args=[framework.slug])
    return [
        (
            "Priorities",
            Priority.objects.filter(framework=framework).order_by("position"),
            ["title", "outcome", "evidence", "community_strategy_theme", "target_groups", "geography"],
            lambda p: str(p),
            lambda p: reverse("priorities:priority", args=[p.pk]),
        ),
        (
            "Target areas",
            TargetArea.objects.filter(priority__framework=framework)
            .select_related("priority")
            .order_by("priority__position", "position"),
            ["title", "description"],
            lambda a: f"{a.title} (Main Priority {a.priority.position})",
            lambda a: reverse("priorities:priority", args=[a.priority_id]) + f"#area-{a.pk}",
        ),
        (
            "Indicator activities",
            IndicatorActivity.objects.filter(priority__framework=framework)
            .select_related("priority")
            .order_by("priority__position", "position"),
            ["title", "department"],
            lambda a: f"{a.title} (Main Priority {a.priority.position})",
            lambda a: reverse("priorities:priority", args=[a.priority_id]) + f"#activity-{a.pk}",
        ),
        (
            "Indicators",
            Indicator.objects.filter(target_area__priority__framework=framework).order_by(
                "target_area__priority__position", "target_area__position", "position"
            ),
            ["title", "definition", "unit", "data_source", "data_collection_issues", "geography", "target_group"],
            lambda i: i.title,
            lambda i: reverse("priorities:indicator", args=[i.pk]),
        ),
        (
            "Numbered targets",
            AgreementTarget.objects.filter(framework=framework).order_by("position"),
            ["title", "lead_department"],
            lambda t: str(t),
            lambda t: f"{numbered_page}#agreementtarget-{t.pk}",
        ),
        (
            "Target lines",
            Target.objects.filter(indicator__target_area__priority__framework=framework)
            .select_related("indicator")
            .order_by("indicator__target_area__priority__position", "indicator__position", "position"),
            ["title", "period"],
            lambda t: t.label,
            lambda t: reverse("priorities:target", args=[t.pk]),
        ),
        (
            "Comments",
            perms.framework_comments_for(user, framework)
            .select_related("author", "priority", "indicator", "target__indicator")
            .order_by("created_at", "pk"),
            ["text"],
            lambda c: f"{c.author.get_full_name() or c.author.username} on “{_subject_label(c)}”",
            lambda c: c.subject.get_absolute_url().split("#")[0] + f"#comment-{c.parent_id or c.pk}",
        ),
    ]


def _subject_label(comment) -> str:
    return comment.target.label if comment.target_id else str(comment.subject)


def clean_query(raw: str) -> tuple[str, str]:
    """The words to search for, and a message if they cannot be searched for."""
    words = " ".join(raw.split())
    if len(words) > MAX_QUERY:
        return "", f"Search for {MAX_QUERY} characters or fewer. You entered {len(words):,} characters."
    return words, ""


def framework_search(framework: Framework, user, words: str) -> list[Group]:
    """The items of each kind whose text contains ``words``, first ``PER_KIND`` of each kind."""
    groups = []
    for heading, queryset, fields, title, url in _kinds(framework, user):
        condition = reduce(or_, (Q(**{f"{name}__icontains": words}) for name in fields))
        found = list(queryset.filter(condition)[: PER_KIND + 1])
        hits = [_hit(item, words, fields, title(item), url(item)) for item in found[:PER_KIND]]
        groups.append(Group(heading, hits, len(found) > PER_KIND))
    return groups
