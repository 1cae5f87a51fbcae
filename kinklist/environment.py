"""Reading settings from the environment: the same spellings of on and off everywhere."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}


def envbool(name: str, default: str = "False") -> bool:
    return os.getenv(name, default).strip().lower() in TRUE


def envint(name: str, default: str) -> int:
    return int(os.getenv(name, default))


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


def envfloat_within(name: str, default: str, above: float, at_most: float) -> float:
    """A number in (above, at_most]: a value outside stops every command with a clear message."""
    value = float(os.getenv(name, default))
    if not above < value <= at_most:
        raise ImproperlyConfigured(
            f"{name} must be above {above} and at most {at_most} (it is {value}); the default is {default}."
        )
    return value
