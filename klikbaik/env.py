"""Strict readers for settings that come from the environment.

A malformed value stops the process with ImproperlyConfigured instead of being read as a
default: a typo in ``DEBUG=flase`` must not silently turn debugging off (or on).
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_origin(name: str, default: str) -> str:
    """A web origin, ``scheme://host[:port]`` (http or https, no path), without the
    trailing slash."""
    from urllib.parse import urlsplit

    raw = os.environ.get(name, "").strip() or default
    parts = urlsplit(raw)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.path not in {"", "/"}:
        raise ImproperlyConfigured(
            f"{name} must be an address such as https://klikbaik.example.go.id "
            f"(http or https, no path), not {raw!r}."
        )
    if parts.query or parts.fragment:
        raise ImproperlyConfigured(f"{name} must have no query or fragment, not {raw!r}.")
    return f"{parts.scheme}://{parts.netloc}"
