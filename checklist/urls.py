from __future__ import annotations

from django.urls import path

from .views import account, mydata, rating

app_name = "checklist"

urlpatterns = [
    path("start/", rating.start, name="start"),
    path("checklist/", rating.checklist, name="checklist"),
    path("me/", mydata.me, name="me"),
    path("me/name/", mydata.display_name, name="display_name"),
    path("me/resume-link/", mydata.resume_link, name="resume_link"),
    path("me/export.json", mydata.export_json, name="export_json"),
    path("me/export.csv", mydata.export_csv, name="export_csv"),
    path("me/print/", mydata.print_view, name="print"),
    path("me/delete/", mydata.delete, name="delete"),
    path("deleted/", mydata.deleted, name="deleted"),
    path("resume/<str:secret>/", mydata.resume, name="resume"),
    path("accounts/signup/", account.signup, name="signup"),
    path("accounts/login/", account.log_in, name="login"),
    path("accounts/logout/", account.log_out, name="logout"),
]
