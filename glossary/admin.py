from __future__ import annotations

from django.contrib import admin

from kinklist.admin import EditedHereAdmin

from .models import Alias, Term


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 1
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Term)
class TermAdmin(EditedHereAdmin):
    list_display = ("name", "type", "risk_level", "beginner_friendly", "status", "edited_here", "updated")
    list_filter = ("status", "type", "risk_level", "beginner_friendly", "edited_here")
    search_fields = ("name", "slug", "aliases__name", "definition")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("related", "confused_with")
    inlines = (AliasInline,)
    readonly_fields = ("updated",)
    fieldsets = (
        (None, {"fields": ("name", "slug", "definition", "status")}),
        ("Quick facts", {"fields": ("type", "risk_level", "beginner_friendly", "related_to")}),
        ("Page", {"fields": ("body", "often_confused_with", "confused_with", "safety_note", "related")}),
        ("Content loading", {"fields": ("edited_here", "updated")}),
    )
