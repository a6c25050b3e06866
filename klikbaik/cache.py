"""The cache: Redis, degrading to a local one while Redis cannot be reached.

The cache holds the sign-in rate limits and a few cached summaries, nothing that must
survive. When Redis is down the portal keeps serving (sign-in included) instead of
answering 500: each call that cannot reach Redis is served by a local-memory cache of
the process, and for ``RETRY_SECONDS`` after a failure Redis is not asked at all (so a
dead server costs one connect timeout, not one per call). The outage and the recovery are
logged once each. Rate limits then count per process, which is weaker but still a limit.
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 30
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._local = LocMemCache(f"klikbaik-fallback-{id(self)}", params)
        self._down_until = None

    def _fell_over(self, error):
        if self._down_until is None:
            logger.warning(
                "The cache (Redis) is unreachable: using a local cache for now (%s).",
                type(error).__name__,
            )
        self._down_until = time.monotonic() + RETRY_SECONDS

    def _call(self, name, *args, **kwargs):
        if self._down_until is not None and time.monotonic() < self._down_until:
            return getattr(self._local, name)(*args, **kwargs)
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except UNREACHABLE as error:
            self._fell_over(error)
            return getattr(self._local, name)(*args, **kwargs)
        if self._down_until is not None:
            self._down_until = None
            logger.warning("The cache (Redis) answers again.")
        return result


def _degrading(name):
    def method(self, *args, **kwargs):
        return self._call(name, *args, **kwargs)

    method.__name__ = name
    return method


# Every operation RedisCache implements itself (the others are built on these).
for _name in (
    "add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "set_many",
    "delete_many", "clear",
):  # fmt: skip
    setattr(ResilientRedisCache, _name, _degrading(_name))
