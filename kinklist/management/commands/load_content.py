from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from checklist.content import load_activities, load_activity_translations
from glossary.content import load_term_translations, load_terms
from kinklist.content import ContentError, translation_folders


class Command(BaseCommand):
    help = (
        "Add and update glossary terms, then checklist categories and activities, from the content folder, "
        "then their translations from each language folder in locale/. "
        "Safe to run again and again: anything edited in the admin is left as it is."
    )

    def handle(self, *args, **options) -> None:
        try:
            terms = load_terms(settings.CONTENT_DIR / "glossary")
            categories, activities = load_activities(settings.CONTENT_DIR / "checklist")
            self.stdout.write(f"Glossary terms: {terms}")
            self.stdout.write(f"Checklist categories: {categories}")
            self.stdout.write(f"Checklist activities: {activities}")
            for language, folder in translation_folders(settings.CONTENT_DIR):
                self.load_translations(language, folder)
        except ContentError as error:
            raise CommandError(f"Content not loaded: {error}") from error

    def load_translations(self, language: str, folder) -> None:
        """A language folder may hold only a part (the glossary, say): what is not there is reported
        missing, and shows in English."""
        try:
            terms = load_term_translations(folder / "glossary", language)
            categories, activities = load_activity_translations(folder / "checklist", language)
        except ContentError as error:
            raise ContentError(f"{folder.parent.name}/{language}: {error}") from error
        self.stdout.write(f"Glossary terms ({language}): {terms}")
        self.stdout.write(f"Checklist categories ({language}): {categories}")
        self.stdout.write(f"Checklist activities ({language}): {activities}")
