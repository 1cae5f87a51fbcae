from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from .languages import Translation, translated_languages


class TranslationInline(admin.StackedInline):
    """An object's translations, one form per translated language, each protected from the next content
    load once saved here, as the object itself is."""

    extra = 0
    readonly_fields = ("updated",)

    def get_max_num(self, request, obj=None, **kwargs) -> int:
        return len(translated_languages())

    def get_extra(self, request, obj=None, **kwargs) -> int:
        return len(self.untranslated(obj))

    def untranslated(self, obj) -> list[str]:
        done = set(obj.translations.values_list("language", flat=True)) if obj and obj.pk else set()
        return [language for language in translated_languages() if language not in done]


class EditedHereAdmin(admin.ModelAdmin):
    """For content that also lives in fixtures/: a save here protects the row from the next content load.
    Only what was changed: saving a translation alone leaves the English text to the files, and the
    reverse."""

    def save_model(self, request, obj, form, change: bool) -> None:
        # Unless the admin deliberately changed the checkbox, to hand the row back to the content files.
        if form.has_changed() and "edited_here" not in form.changed_data:
            obj.edited_here = True
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change: bool) -> None:
        if issubclass(formset.model, Translation):
            for translation in formset.forms:
                if translation.has_changed() and "edited_here" not in translation.changed_data:
                    translation.instance.edited_here = True
        super().save_formset(request, form, formset, change)

    def get_formset_kwargs(self, request, obj, inline, prefix) -> dict:
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, TranslationInline):
            # The empty forms offer the languages not yet translated, one each.
            kwargs["initial"] = [{"language": language} for language in inline.untranslated(obj)]
        return kwargs


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    """Staff accounts only. A participant's account leads to their answers (a new password would open
    them), so the admin neither lists nor edits those."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(is_staff=True)
