from __future__ import annotations

from django import forms


class SearchForm(forms.Form):
    q = forms.CharField(
        max_length=100,
        required=False,
        error_messages={"max_length": "Please search for 100 characters or fewer."},
    )
