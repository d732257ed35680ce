"""Strict readers for settings taken from the environment.

A typo such as DEBUG=maybe must stop start-up with a message naming the variable,
never fall back silently to a default that may be unsafe in production.
"""

import os

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"Environment variable {name}={raw!r} is not a boolean: "
        f"use one of {sorted(TRUE_WORDS | FALSE_WORDS)}."
    )


def env_str(name: str, *, default: str | None = None) -> str:
    raw = os.environ.get(name, "").strip()
    if raw:
        return raw
    if default is None:
        raise ImproperlyConfigured(f"Environment variable {name} is required.")
    return default


def env_list(name: str, *, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, *, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"Environment variable {name}={raw!r} is not a whole number."
        ) from None
