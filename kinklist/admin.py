from __future__ import annotations

from django.contrib import admin


class EditedHereAdmin(admin.ModelAdmin):
    """For content that also lives in fixtures/: a save here protects the row from the next content load."""

    def save_model(self, request, obj, form, change: bool) -> None:
        # Unless the admin deliberately changed the checkbox, to hand the row back to the content files.
        if "edited_here" not in form.changed_data:
            obj.edited_here = True
        super().save_model(request, obj, form, change)
