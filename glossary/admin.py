from __future__ import annotations

from django.conf import settings
from django.contrib import admin

from kinklist.admin import EditedHereAdmin, TranslationInline

from .models import Alias, Term, TermTranslation


class TermTranslationInline(TranslationInline):
    model = TermTranslation
    fields = (
        "language",
        "name",
        "definition",
        "related_to",
        "body",
        "often_confused_with",
        "safety_note",
        "edited_here",
        "updated",
    )


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 1
    fields = ("name", "slug", "language")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Term)
class TermAdmin(EditedHereAdmin):
    list_display = ("name", "type", "risk_level", "beginner_friendly", "status", "edited_here", "updated")
    list_filter = ("status", "type", "risk_level", "beginner_friendly", "edited_here")
    search_fields = ("name", "slug", "aliases__name", "definition", "translations__name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("related", "confused_with")
    # Translations first: an alias edited below then finds its language's translation saved already.
    inlines = (TermTranslationInline, AliasInline)
    readonly_fields = ("updated",)
    fieldsets = (
        (None, {"fields": ("name", "slug", "definition", "status")}),
        ("Quick facts", {"fields": ("type", "risk_level", "beginner_friendly", "related_to")}),
        ("Page", {"fields": ("body", "often_confused_with", "confused_with", "safety_note", "related")}),
        ("Content loading", {"fields": ("edited_here", "updated")}),
    )

    def save_formset(self, request, form, formset, change: bool) -> None:
        """A term's aliases in a language belong to its text in that language: changing them here keeps
        that text (English, or its translation) from the next content load, as changing the text does."""
        super().save_formset(request, form, formset, change)
        if formset.model is not Alias:
            return
        term = form.instance
        changed = [alias for alias in formset.forms if alias.has_changed()]
        languages = {alias.instance.language for alias in changed}
        languages |= {alias.initial["language"] for alias in changed if "language" in alias.initial}
        languages |= {alias.language for alias in formset.deleted_objects}
        if settings.LANGUAGE_CODE in languages and not term.edited_here:
            term.edited_here = True
            term.save(update_fields=["edited_here"])
        for language in languages - {settings.LANGUAGE_CODE}:
            TermTranslation.objects.update_or_create(
                term=term, language=language, defaults={"edited_here": True}
            )
