from django.conf import settings
from django.utils.functional import SimpleLazyObject

from partners.models import Person
from partners.permissions import is_council_administrator, person_of


def site(request):
    """The service name shown in the header, and whether the user works for government."""

    def reviewer() -> bool:
        person = person_of(request.user)
        return person is not None and person.role == Person.Role.REVIEWER

    return {
        "service_name": settings.SITE_NAME,
        "is_government_reviewer": SimpleLazyObject(reviewer),
        "is_council_administrator": SimpleLazyObject(lambda: is_council_administrator(request.user)),
    }
