from __future__ import annotations

from collections.abc import Container, Sequence

from django import forms
from django.utils.translation import gettext, gettext_lazy

from .answers import Key, parse_field_name
from .catalogue import Section
from .models import Answer, Participant


class RatingsForm(forms.Form):
    """Any number of answers (`r<activity><side>` = yes/maybe/no) and at most one `clear`.

    One tap with JavaScript and a whole category's Save button without it both post this form.
    Nothing is saved unless every part of it is valid.
    """

    clear = forms.CharField(required=False, max_length=20)

    def __init__(self, data, known: Container[Key]) -> None:
        super().__init__(data)
        self.known = known

    def clean(self) -> dict:
        cleaned = super().clean()
        changes: dict[Key, str | None] = {}
        for name in self.data:
            if not name.startswith("r"):
                continue
            key = self._key(name)
            answer = self.data.get(name)
            if answer not in Answer.values:
                raise forms.ValidationError(gettext("An answer can only be Yes, Maybe or No."), code="answer")
            changes[key] = answer
        if cleaned.get("clear"):
            changes[self._key(cleaned["clear"])] = None
        cleaned["changes"] = changes
        return cleaned

    def _key(self, name: str) -> Key:
        key = parse_field_name(name)
        if key is None or key not in self.known:
            raise forms.ValidationError(
                gettext("That activity, or that side of it, is not on the checklist."), code="unknown"
            )
        return key


UNKNOWN_SECTION = {"invalid_choice": gettext_lazy("That section is not on the checklist.")}


class SectionsForm(forms.Form):
    """The section chooser: the sections to show (the rest are left out), or `add` to show one more."""

    shown = forms.MultipleChoiceField(required=False, error_messages=UNKNOWN_SECTION)
    add = forms.ChoiceField(required=False, error_messages=UNKNOWN_SECTION)

    def __init__(self, data, sections: Sequence[Section]) -> None:
        super().__init__(data)
        self.sections = {section.slug: section for section in sections}
        choices = [(section.slug, section.name) for section in sections]
        self.fields["shown"].choices = choices
        self.fields["add"].choices = [("", ""), *choices]

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        cleaned["added"] = self.sections.get(cleaned.get("add", ""))
        cleaned["chosen"] = [self.sections[slug] for slug in cleaned.get("shown", [])]
        if cleaned["added"] is None and not cleaned["chosen"]:
            raise forms.ValidationError(
                gettext(
                    "Keep at least one section to rate; to stop altogether, delete your checklist instead."
                ),
                code="none",
            )
        return cleaned


class DisplayNameForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["display_name"]
        labels = {"display_name": gettext_lazy("Display name")}
        help_texts = {
            "display_name": gettext_lazy(
                "Optional. Shown only to a partner you invite, so they know the invitation is yours."
            )
        }
