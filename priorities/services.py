"""Actions on frameworks that write more than one row."""

from django.db import transaction
from django.utils.text import slugify

from partners.models import Organisation
from priorities.models import Framework

#: Slugs the site's own URLs use under /frameworks/, which no framework may take.
RESERVED_SLUGS = frozenset({"new"})
SLUG_MAX = Framework._meta.get_field("slug").max_length


def framework_slug_for(title: str) -> str:
    """A slug made from the title, unique among frameworks: "hampshire-lpsa2", then "hampshire-lpsa2-2"."""
    base = slugify(title)[: SLUG_MAX - 4].strip("-") or "framework"
    taken = set(Framework.objects.filter(slug__startswith=base).values_list("slug", flat=True)) | RESERVED_SLUGS
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def framework_create(*, council: Organisation, co_signatories=(), **details) -> Framework:
    """Start a framework led by ``council``, which takes part in it as its accountable body.

    ``details`` are the framework's own fields (title, deadlines, money); the slug is made
    from the title. Raises ValidationError, changing nothing, when a detail will not do.
    """
    framework = Framework(council=council, **details)
    framework.slug = framework_slug_for(framework.title)
    framework.full_clean()
    framework.save()
    framework.list_council_as_accountable_body()
    if co_signatories:
        framework.set_co_signatories(co_signatories)
    return framework
