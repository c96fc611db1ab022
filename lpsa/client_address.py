"""The address a request came from, for failed-login throttling, behind trusted proxies."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The address of whoever sent the request (AXES_CLIENT_IP_CALLABLE).

    With TRUSTED_PROXY_COUNT at 0 it is REMOTE_ADDR, whatever X-Forwarded-For says. Behind n
    trusted proxies, each appends the address it was reached from, so the n-th address from
    the right is the one the outermost trusted proxy saw: the client's. Anything further left
    was written by the client and is never believed. A request carrying fewer addresses, or
    one that is not an address, did not come through the proxies as configured, and is
    counted by REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
