from django.conf import settings
from django.utils.functional import SimpleLazyObject

from lpsa.models import InboxItem
from partners.models import Person
from partners.permissions import is_council_administrator, person_of


def site(request):
    """The service name shown in the header, whether the user works for government, and how
    many items of their inbox they have not read."""

    def reviewer() -> bool:
        person = person_of(request.user)
        return person is not None and person.role == Person.Role.REVIEWER

    def unread() -> int:
        # One count for the header, only on a page that shows it.
        if not request.user.is_authenticated:
            return 0
        return InboxItem.objects.filter(recipient=request.user).unread().count()

    return {
        "service_name": settings.SITE_NAME,
        "is_government_reviewer": SimpleLazyObject(reviewer),
        "inbox_unread": SimpleLazyObject(unread),
        "is_council_administrator": SimpleLazyObject(lambda: is_council_administrator(request.user)),
    }
