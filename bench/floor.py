"""The benchmarks' floor: the cheapest signed-in page Django can serve with our settings.

It goes through the same middleware, session and user as every page of the product, and
renders one line, so a page's cost divided by this one's is what the page itself adds. It
exists only for the benchmarks: `floor_settings` puts it in front of the product's URLs,
which never include it.
"""

from django.http import HttpResponse
from django.urls import include, path
from django.utils.html import escape

FLOOR_PATH = "/bench/floor/"


def floor(request):
    return HttpResponse(f"<p>Signed in as {escape(request.user.get_username())}</p>")


urlpatterns = [
    path(FLOOR_PATH.strip("/") + "/", floor, name="bench_floor"),
    path("", include("lpsa.urls")),
]
