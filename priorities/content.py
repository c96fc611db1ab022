"""The version of a framework's content, and the cache of what is derived from it.

Every framework carries ``content_version``, a token that changes in the same transaction as
any change to anything the framework's pages show: the framework's own fields and stage, its
priorities, target areas, activities, indicators, lines, numbered targets, money, freedoms,
partners taking part, comments, submissions, negotiation and delivery rows, and the working
groups and organisations of its council. What is costly to derive from that content
(readiness and gaps, charts, the overview's tree, the compare table) is computed once per
version and kept in the cache (``CACHE_URL``: Redis in production and CI, local memory by
default), under a key that names the version. A change makes a new version, so the old
entries are never read again and simply expire: no page can show content older than the
last save, whichever path made it (a form, the spreadsheet import, negotiation, the admin).

The token is random rather than a counter. A counter can come back to a number already
used, when a transaction that bumped it rolls back after caching under the new number, or
when a whole-row save writes back a number read before someone else's bump; a random token
is never used twice, so a cached entry can only ever belong to the content it was made from.

Rows save, delete and change their many-to-many links through Django's signals, which every
write path sends (the admin and ``loaddata`` included). The few writes that go round them
(``QuerySet.update()``) call :func:`bump` themselves.
"""

import hashlib
import logging
import secrets
from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save

logger = logging.getLogger(__name__)

# A cache that cannot be reached slows the pages down but never stops them.
CACHE_ERRORS: tuple[type[Exception], ...] = (OSError,)
try:
    import redis

    CACHE_ERRORS += (redis.RedisError,)
except ImportError:  # pragma: no cover - redis is in requirements.txt
    pass

# How long an entry may stay unread before the cache drops it. Entries never go stale (a new
# version has a new key), so this only bounds the memory kept for versions no longer shown.
TIMEOUT = 24 * 60 * 60

# Each model whose rows a framework's pages show, and how to find that framework from a row:
# forward paths (along foreign keys, ending at the framework) or, for the council's own
# records named on many frameworks, a function giving the filter of those frameworks. Apps
# that come later add their own models with register(), from their AppConfig.ready().
Paths = tuple[str, ...] | Callable[[models.Model], models.Q]
PATHS: dict[str, Paths] = {}

LINE = "indicator__target_area__priority__framework"

OWN_PATHS: dict[str, Paths] = {
    "priorities.Framework": ("pk",),
    "priorities.Involvement": ("framework",),
    "priorities.Priority": ("framework",),
    "priorities.TargetArea": ("priority__framework",),
    "priorities.IndicatorActivity": ("priority__framework",),
    "priorities.Indicator": ("target_area__priority__framework",),
    "priorities.AgreementTarget": ("framework",),
    "priorities.Target": (LINE,),
    "priorities.PumpPriming": ("framework",),
    "priorities.Freedom": (f"target__{LINE}",),
    # The council's own records, named on its frameworks' pages.
    "partners.WorkingGroup": lambda group: models.Q(council=group.council_id),
    "partners.Organisation": lambda organisation: (
        models.Q(council=organisation.pk)
        | models.Q(council=organisation.county_id)
        | models.Q(co_signatories=organisation.pk)
        | models.Q(involvements__organisation=organisation.pk)
    ),
}


def new_version() -> int:
    """A fresh content version: random, so never one used before (see the module's notes)."""
    return secrets.randbits(62) + 1


def _framework_model():
    return apps.get_model("priorities", "Framework")


def bump(frameworks: models.Q | Iterable[int] | int) -> int:
    """Give the frameworks chosen (by ``Q``, ids or one id) a new content version; return it.

    Called in the transaction that changes them, it takes effect when that commits, with the
    change. One UPDATE, whatever the number of frameworks: keys name the framework too.
    """
    model = _framework_model()
    if isinstance(frameworks, int):
        chosen = model.objects.filter(pk=frameworks)
    elif isinstance(frameworks, models.Q):
        chosen = model.objects.filter(pk__in=model.objects.filter(frameworks).values("pk"))
    else:
        chosen = model.objects.filter(pk__in=list(frameworks))
    version = new_version()
    chosen.update(content_version=version)
    return version


def bump_all() -> None:
    """A new version for every framework: after a restore, which rewrites every row."""
    bump(models.Q())


def frameworks_of(instance: models.Model) -> set[int] | models.Q | None:
    """The frameworks whose pages show ``instance``: their ids, or a filter on Framework for a
    council's own records; None for a model no page derives anything from."""
    paths = PATHS.get(instance._meta.label)
    if paths is None:
        return None
    if callable(paths):
        return paths(instance)
    found: set[int] = set()
    for path in paths:
        found.update(_framework_ids(instance, path))
    return found


def _framework_ids(instance: models.Model, path: str) -> list[int]:
    # Through the row's own foreign key, then forward along primary keys, so that each step is
    # an index lookup (a deleted row's keys are still on the instance).
    if path == "pk":
        return [instance.pk]
    first, _, rest = path.partition("__")
    field = instance._meta.get_field(first)
    value = getattr(instance, field.attname)
    if value is None:
        return []
    if not rest:
        return [value]
    related = field.related_model._default_manager.filter(pk=value).values_list(rest, flat=True)
    return [pk for pk in related if pk is not None]


def _changed(sender, instance, **kwargs) -> None:
    chosen = frameworks_of(instance)
    if not chosen:
        return
    version = bump(chosen)
    # The request that made the change may go on to show it: the framework it holds must
    # name the new version, not the one its pages were cached under before.
    held = instance if isinstance(instance, _framework_model()) else None
    if held is None and "framework" in getattr(instance, "_state", None).fields_cache:
        held = instance._state.fields_cache["framework"]
    if held is not None:
        held.content_version = version


def _links_changed(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_"):
        _changed(sender, instance)


def register(paths: dict[str, Paths]) -> None:
    """Bump on every save, delete and change of links of the models named (see PATHS)."""
    PATHS.update(paths)
    for label in paths:
        model = apps.get_model(label)
        post_save.connect(_changed, sender=model, dispatch_uid=f"content-save-{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"content-delete-{label}")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_links_changed, sender=through, dispatch_uid=f"content-links-{label}-{field.name}")


def key(framework, name: str, *vary: Any) -> str:
    """The cache key of ``name`` derived from ``framework`` as it stands, varied by ``vary``."""
    parts = ":".join(str(part) for part in vary)
    return f"lpsa:{name}:{framework.pk}:{framework.content_version}:{parts}"


def derived(framework, name: str, compute: Callable[[], Any], *vary: Any) -> Any:
    """What ``compute()`` derives from ``framework``'s content, computed once per version.

    ``vary`` names whatever else the result depends on (a line, a role's view); the result
    must be picklable and must not depend on who asks beyond what ``vary`` says.
    """
    return _kept(key(framework, name, *vary), name, compute)


def frozen(name: str, compute: Callable[[], Any], *vary: Any) -> Any:
    """What ``compute()`` makes of something that never changes once made (a submission's
    snapshot), computed once for as long as ``vary``, which must name it whole, stays the same."""
    named = hashlib.sha256("\x1f".join(str(part) for part in vary).encode()).hexdigest()
    return _kept(f"lpsa:{name}:frozen:{named}", name, compute)


def _kept(entry: str, name: str, compute: Callable[[], Any]) -> Any:
    try:
        found = cache.get(entry, _MISSING)
    except CACHE_ERRORS:
        logger.warning("The cache could not be read; %s is computed without it.", name, exc_info=True)
        return compute()
    if found is not _MISSING:
        return found
    value = compute()
    try:
        cache.set(entry, value, TIMEOUT)
    except CACHE_ERRORS:
        logger.warning("The cache could not be written; %s was computed without it.", name, exc_info=True)
    return value


def derived_many(frameworks: Iterable, name: str, compute: Callable[[list], dict], *vary: Any) -> dict[int, Any]:
    """What ``compute(frameworks)`` derives from each framework, by framework id, computed once
    per version of each: one cache round trip for them all, and ``compute`` is given only the
    frameworks whose current version has nothing cached, so its queries stay fixed in number.
    """
    frameworks = list(frameworks)
    entries = {key(framework, name, *vary): framework for framework in frameworks}
    try:
        found = cache.get_many(list(entries))
    except CACHE_ERRORS:
        logger.warning("The cache could not be read; %s is computed without it.", name, exc_info=True)
        found = {}
    values = {entries[entry].pk: value for entry, value in found.items()}
    missing = [framework for framework in frameworks if framework.pk not in values]
    if missing:
        made = compute(missing)
        values.update(made)
        try:
            cache.set_many({key(fw, name, *vary): made[fw.pk] for fw in missing}, TIMEOUT)
        except CACHE_ERRORS:
            logger.warning("The cache could not be written; %s was computed without it.", name, exc_info=True)
    return values


_MISSING = object()

# Stands in for the CSRF token in a cached fragment: each request's own token replaces it, so
# no one is ever sent another person's token.
CSRF_PLACEHOLDER = "lpsa-csrf-token-placeholder"


def fragment(request, framework, name: str, template: str, context: Callable[[], dict], *vary: Any) -> str:
    """``template`` rendered with ``context()``, once per version of ``framework``'s content.

    The fragment must depend on nothing but the framework's content and ``vary`` (never on
    who is signed in, beyond what ``vary`` names); forms in it get this request's CSRF token.
    """
    from django.middleware.csrf import get_token
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    html = derived(
        framework, name, lambda: render_to_string(template, {**context(), "csrf_token": CSRF_PLACEHOLDER}), *vary
    )
    return mark_safe(html.replace(CSRF_PLACEHOLDER, get_token(request)))
