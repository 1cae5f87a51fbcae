"""Admins edit the catalogue. Participants, ratings and anything else of a person are deliberately absent."""

from __future__ import annotations

from django.contrib import admin

from kinklist.admin import EditedHereAdmin, TranslationInline

from . import operations
from .models import Activity, ActivityTranslation, Category, CategoryTranslation


class CategoryTranslationInline(TranslationInline):
    model = CategoryTranslation
    fields = ("language", "name", "intro", "edited_here", "updated")


class ActivityTranslationInline(TranslationInline):
    model = ActivityTranslation
    fields = ("language", "name", "description", "give_text", "receive_text", "edited_here", "updated")


@admin.register(Category)
class CategoryAdmin(EditedHereAdmin):
    list_display = ("name", "order", "edited_here")
    search_fields = ("name", "slug", "translations__name")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (CategoryTranslationInline,)


@admin.register(Activity)
class ActivityAdmin(EditedHereAdmin):
    list_display = ("name", "category", "kind", "risk", "edited_here")
    list_filter = ("category", "kind", "risk", "edited_here")
    search_fields = ("name", "slug", "description", "translations__name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("terms",)
    readonly_fields = ("retired",)
    inlines = (ActivityTranslationInline,)
    fieldsets = (
        (None, {"fields": ("name", "slug", "category", "order", "description", "risk")}),
        ("Rating", {"fields": ("kind", "give_text", "receive_text")}),
        ("Glossary", {"fields": ("terms",)}),
        ("Content loading", {"fields": ("edited_here", "retired")}),
    )

    def save_model(self, request, obj, form, change: bool) -> None:
        """A change of kind goes through `operations.change_kind`, which converts everyone's answers."""
        if not change or "kind" not in form.changed_data:
            super().save_model(request, obj, form, change)
            return
        kind, give_text, receive_text = obj.kind, obj.give_text, obj.receive_text
        obj.kind, obj.give_text, obj.receive_text = (
            form.initial[name] for name in ("kind", "give_text", "receive_text")
        )
        super().save_model(request, obj, form, change)
        operations.change_kind(obj, kind, give_text, receive_text)
