"""What the home page and a framework's own pages say waits in it, derived once per version.

A framework's card on the home page, the banners above it and the framework page's "Needs
your attention" come from a few facts about it: its unresolved comments, its milestones, the
chief executive's return that the officers have not yet answered, and government's offers
that wait for an answer. None of them depends on who reads them (each tag still decides
whom it shows them to), so each is kept per version of the framework's content
(priorities/content.py), and fetched for every framework on the page in one round trip and,
when the cache has nothing for them, one query.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef

from lpsa.models import Comment, Milestone, NegotiationEntry, StageChange
from priorities import content


def _open_comments(ids: list[int]) -> dict[int, int]:
    found = dict.fromkeys(ids, 0)
    rows = Comment.objects.unresolved().filter(framework__in=ids).values("framework").annotate(n=Count("pk"))
    found.update({row["framework"]: row["n"] for row in rows})
    return found


def _milestones(ids: list[int]) -> dict[int, list[Milestone]]:
    found: dict[int, list[Milestone]] = {pk: [] for pk in ids}
    for milestone in Milestone.objects.filter(framework__in=ids):
        found[milestone.framework_id].append(milestone)
    return found


@dataclass
class Returned:
    """A return as its banner tells it. Only these words are kept in the cache, never the
    chief executive's user record (which holds their password's hash)."""

    pk: int
    at: datetime.datetime
    reason: str
    by_name: str


def _unanswered_return(ids: list[int]) -> dict[int, Returned | None]:
    """The last time the chief executive returned each framework, if no step came after it."""
    found: dict[int, Returned | None] = dict.fromkeys(ids)
    later = StageChange.objects.filter(framework=OuterRef("framework"), pk__gt=OuterRef("pk"))
    returns = StageChange.objects.filter(framework__in=ids, action__startswith="return_").exclude(Exists(later))
    for change in returns.select_related("by"):
        by_name = change.by.get_full_name() or change.by.username
        found[change.framework_id] = Returned(change.pk, change.at, change.reason, by_name)
    return found


def _government_offers(ids: list[int]) -> dict[int, list[tuple]]:
    """Government's open offers on each framework's targets: (recorded at, text, link)."""
    found: dict[int, list[tuple]] = {pk: [] for pk in ids}
    path = "target__indicator__target_area__priority__framework"
    offers = (
        NegotiationEntry.objects.filter(
            state=NegotiationEntry.State.OPEN, kind=NegotiationEntry.Side.GOVERNMENT, **{f"{path}__in": ids}
        )
        .annotate(framework_id=F(path))
        .select_related("target__indicator")
    )
    for entry in offers:
        target = entry.target
        text = f"Government's offer on “{target.indicator.title}: {target}”"
        found[entry.framework_id].append((entry.recorded_at, text, target.get_absolute_url() + "#negotiation"))
    return found


FACTS: dict[str, Callable[[list[int]], dict]] = {
    "open_comments": _open_comments,
    "milestones": _milestones,
    "unanswered_return": _unanswered_return,
    "government_offers": _government_offers,
}


def waiting_in(request, frameworks, fact: str) -> dict:
    """``fact`` (one of FACTS) for each of ``frameworks``, by id; kept on the request, so the
    page's tags that ask again about the same frameworks cost nothing more."""
    known: dict[int, object] = request.__dict__.setdefault("_lpsa_waiting", {}).setdefault(fact, {})
    unknown = [framework for framework in frameworks if framework.pk not in known]
    if unknown:
        compute = FACTS[fact]
        known.update(content.derived_many(unknown, f"waiting-{fact}", lambda chosen: compute([f.pk for f in chosen])))
    return {framework.pk: known[framework.pk] for framework in frameworks}


def waiting_on_page(context, framework, fact: str):
    """``fact`` of ``framework``, asked from a tag: on a page listing ``frameworks`` (the home
    page), the first tag to ask fetches it for them all."""
    return waiting_in(context["request"], context.get("frameworks") or [framework], fact)[framework.pk]
