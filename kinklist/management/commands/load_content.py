from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from glossary.content import ContentError, load_terms


class Command(BaseCommand):
    help = (
        "Add and update glossary terms from the content folder. Safe to run again and again: "
        "terms edited in the admin are left as they are."
    )

    def handle(self, *args, **options) -> None:
        try:
            report = load_terms(settings.CONTENT_DIR / "glossary")
        except ContentError as error:
            raise CommandError(f"Content not loaded: {error}") from error
        self.stdout.write(f"Glossary: {report}")
