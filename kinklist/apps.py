from __future__ import annotations

from django.apps import AppConfig


class KinklistConfig(AppConfig):
    name = "kinklist"
    verbose_name = "Site"
