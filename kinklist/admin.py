from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User


class EditedHereAdmin(admin.ModelAdmin):
    """For content that also lives in fixtures/: a save here protects the row from the next content load."""

    def save_model(self, request, obj, form, change: bool) -> None:
        # Unless the admin deliberately changed the checkbox, to hand the row back to the content files.
        if "edited_here" not in form.changed_data:
            obj.edited_here = True
        super().save_model(request, obj, form, change)


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    """Staff accounts only. A participant's account leads to their answers (a new password would open
    them), so the admin neither lists nor edits those."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(is_staff=True)
