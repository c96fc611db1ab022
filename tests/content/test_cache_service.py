"""The cache of derived content: chosen by CACHE_URL, and never what decides whether a page works."""

import os

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured

from lpsa.cache_url import parse
from priorities import content


def test_cache_url_chooses_redis_or_local_memory():
    assert parse("redis://127.0.0.1:6379/2")["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert parse("redis://127.0.0.1:6379/2")["LOCATION"] == "redis://127.0.0.1:6379/2"
    assert parse("")["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert parse("locmem://")["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL must look like"):
        parse("memcached://127.0.0.1:11211")


def test_the_cache_in_use_is_the_one_cache_url_names():
    wanted = RedisCache if os.environ.get("CACHE_URL", "").startswith("redis") else LocMemCache
    assert isinstance(caches["default"], wanted)
    cache.set("lpsa-test-round-trip", {"a": [1, 2]}, 30)
    assert cache.get("lpsa-test-round-trip") == {"a": [1, 2]}


def test_a_cache_that_cannot_be_reached_slows_pages_but_does_not_break_them(settings, framework, login, cast, tree):
    # Nothing listens on port 1; changing the setting makes Django open the cache anew.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    assert isinstance(caches["default"], RedisCache)
    assert content.derived(framework, "test", lambda: "computed") == "computed"
    response = login(cast["officer"]).get(framework.get_absolute_url())
    assert response.status_code == 200
    assert "Priority 1" in response.content.decode()
