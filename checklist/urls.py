from __future__ import annotations

from django.urls import path

from . import views

app_name = "checklist"

urlpatterns = [
    path("checklist/", views.checklist, name="checklist"),
]
