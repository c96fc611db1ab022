"""The cache Django uses, chosen by one URL as the database is (``CACHE_URL``).

- ``redis://host:6379/0`` (or ``rediss://`` for TLS): Django's own Redis backend, shared by
  every web process and worker, which is what production needs;
- ``locmem://`` (the default): memory inside each process, so that ``make run`` needs
  nothing else. Each process then keeps its own copy, which is still never stale: entries
  are keyed by the content version they came from (priorities/content.py).
"""

from django.core.exceptions import ImproperlyConfigured


def parse(url: str, *, prefix: str = "lpsa") -> dict:
    scheme, _, rest = url.partition("://")
    if scheme in ("redis", "rediss") and rest:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url, "KEY_PREFIX": prefix}
    if scheme == "locmem" or not url:
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": rest or "lpsa",
            "KEY_PREFIX": prefix,
            # Enough for the derived content of many frameworks; the oldest go first.
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    raise ImproperlyConfigured(f"CACHE_URL must look like redis://127.0.0.1:6379/0 or locmem://, not {url!r}.")
