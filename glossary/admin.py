from __future__ import annotations

from django.contrib import admin

from .models import Alias, Term


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 1
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
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

    def save_model(self, request, obj: Term, form, change: bool) -> None:
        # A save here protects the term from the next content load, unless the admin
        # deliberately changed the checkbox to hand the term back to the content files.
        if "edited_here" not in form.changed_data:
            obj.edited_here = True
        super().save_model(request, obj, form, change)
