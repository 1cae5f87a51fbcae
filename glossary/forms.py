from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy


class SearchForm(forms.Form):
    q = forms.CharField(
        max_length=100,
        required=False,
        error_messages={"max_length": gettext_lazy("Please search for 100 characters or fewer.")},
    )
