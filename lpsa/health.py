"""The health endpoint for load balancers, and the page shown when something fails."""

import sys

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache


@never_cache
@login_not_required
def health(request) -> JsonResponse:
    """200 when the site can reach its database, 503 when it cannot. Says nothing else."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def server_error(request) -> HttpResponse:
    """A plain page instead of a stack trace; a database outage gets its own words and a 503.

    It renders without the request's context, since that context itself needs the database.
    """
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError):
        return HttpResponse(render_to_string("503.html"), status=503, headers={"Retry-After": "60"})
    return HttpResponse(render_to_string("500.html"), status=500)
