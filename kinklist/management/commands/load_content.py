from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from checklist.content import load_activities
from glossary.content import load_terms
from kinklist.content import ContentError


class Command(BaseCommand):
    help = (
        "Add and update glossary terms, then checklist categories and activities, from the content folder. "
        "Safe to run again and again: anything edited in the admin is left as it is."
    )

    def handle(self, *args, **options) -> None:
        try:
            terms = load_terms(settings.CONTENT_DIR / "glossary")
            categories, activities = load_activities(settings.CONTENT_DIR / "checklist")
        except ContentError as error:
            raise CommandError(f"Content not loaded: {error}") from error
        self.stdout.write(f"Glossary terms: {terms}")
        self.stdout.write(f"Checklist categories: {categories}")
        self.stdout.write(f"Checklist activities: {activities}")
