"""Fragments about a framework as a whole, shown on every page that is about one."""

from django import template

from partners.models import Person
from partners.permissions import person_of
from priorities import permissions as perms

register = template.Library()


@register.inclusion_tag("priorities/includes/closed_banner.html", takes_context=True)
def closed_banner(context, framework):
    """Says that a closed framework is read-only; its administrators may reopen it from here."""
    user = context["request"].user
    person = person_of(user)
    return {
        "framework": framework,
        # The council's reason is its own business; government is told only that it is closed.
        "show_reason": person is not None and person.role != Person.Role.REVIEWER,
        "can_reopen": perms.can_manage_framework(user, framework),
        "csrf_token": context.get("csrf_token"),
    }
