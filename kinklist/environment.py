"""Reading settings from the environment: the same spellings of on and off everywhere."""

from __future__ import annotations

import os

TRUE = {"1", "true", "yes", "on"}


def envbool(name: str, default: str = "False") -> bool:
    return os.getenv(name, default).strip().lower() in TRUE


def envint(name: str, default: str) -> int:
    return int(os.getenv(name, default))


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]
