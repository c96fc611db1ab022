"""The inbox: what happened that concerns the signed-in person, newest first."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from lpsa import permissions as perms
from lpsa.notify import KIND_NAMES

PER_PAGE = 25


def inbox(request: HttpRequest) -> HttpResponse:
    """The list, newest first, unread marked; a POST marks every item read."""
    items = perms.inbox_for(request.user)
    if request.method == "POST":
        marked = items.unread().update(read_at=timezone.now())
        messages.success(
            request, f"Marked {marked} item{'' if marked == 1 else 's'} as read." if marked else "Nothing was unread."
        )
        return redirect("lpsa:inbox")
    page = Paginator(items.select_related("framework"), PER_PAGE).get_page(request.GET.get("page"))
    for item in page:
        item.kind_name = KIND_NAMES.get(item.kind, "Notice")
    context = {"page": page, "unread": items.unread().count()}
    return render(request, "lpsa/inbox.html", context)


def inbox_item(request: HttpRequest, pk: int) -> HttpResponse:
    """One item in full, with a link to act on it; opening it marks it read, as a mail client does."""
    item = perms.get_inbox_item_for_user(request.user, pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    item.mark_read()
    item.kind_name = KIND_NAMES.get(item.kind, "Notice")
    # Only a path on this site, which the notification wrote: never a link to elsewhere.
    safe = url_has_allowed_host_and_scheme(item.link, allowed_hosts=None) and item.link.startswith("/")
    return render(request, "lpsa/inbox_item.html", {"item": item, "link": item.link if safe else ""})
