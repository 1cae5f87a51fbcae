from __future__ import annotations

from django.urls import path

from .views import account, invites, mydata, pairing, rating, sealed

app_name = "checklist"

urlpatterns = [
    path("start/", rating.start, name="start"),
    path("checklist/", rating.checklist, name="checklist"),
    path("checklist/sections/", rating.sections, name="sections"),
    path("me/", mydata.me, name="me"),
    path("me/name/", mydata.display_name, name="display_name"),
    path("me/seal/", mydata.seal_page, name="seal"),
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
    path("pairings/", pairing.pairings, name="pairings"),
    path("pairings/invite/", invites.create_invite, name="create_invite"),
    path("pairings/invites/<uuid:invite_id>/revoke/", invites.revoke_invite, name="revoke_invite"),
    path("invite/<str:secret>/", invites.invite, name="invite"),
    path("pairings/ended/<uuid:pairing_id>/dismiss/", pairing.dismiss_ended, name="dismiss_ended"),
    path("pairings/<uuid:pairing_id>/", pairing.pairing_page, name="pairing"),
    path("pairings/<uuid:pairing_id>/ready/", pairing.ready, name="ready"),
    path("pairings/<uuid:pairing_id>/withdraw/", pairing.withdraw, name="withdraw"),
    path("pairings/<uuid:pairing_id>/reveal-anyway/", pairing.reveal_anyway, name="reveal_anyway"),
    path("pairings/<uuid:pairing_id>/cancel/", pairing.cancel, name="cancel"),
    path("pairings/<uuid:pairing_id>/name/", pairing.nickname, name="nickname"),
    path("pairings/<uuid:pairing_id>/banner/dismiss/", pairing.dismiss_banner, name="dismiss_banner"),
    path("pairings/<uuid:pairing_id>/end/", pairing.end, name="end"),
    path("pairings/<uuid:pairing_id>/rounds/<int:number>/", pairing.round_page, name="round"),
    path(
        "pairings/<uuid:pairing_id>/rounds/<int:number>/export.json",
        pairing.round_export_json,
        name="round_json",
    ),
    path(
        "pairings/<uuid:pairing_id>/rounds/<int:number>/export.csv",
        pairing.round_export_csv,
        name="round_csv",
    ),
    path("sealed/catalogue.json", sealed.catalogue_bundle, name="sealed_catalogue"),
    path("sealed/seal/", sealed.seal, name="seal_checklist"),
    path("sealed/blobs/", sealed.blobs, name="sealed_blobs"),
    path("sealed/blobs/<str:name>/", sealed.blob, name="sealed_blob"),
    path("sealed/invites/", sealed.create_invite, name="sealed_invite"),
    path("sealed/pairings/<uuid:pairing_id>/", sealed.pairing, name="sealed_pairing"),
    path("sealed/pairings/<uuid:pairing_id>/rounds/<int:number>/", sealed.round_state, name="sealed_round"),
    path("sealed/pairings/<uuid:pairing_id>/rounds/<int:number>/lock/", sealed.lock, name="sealed_lock"),
    path("sealed/pairings/<uuid:pairing_id>/rounds/<int:number>/reply/", sealed.reply, name="sealed_reply"),
    path(
        "sealed/pairings/<uuid:pairing_id>/rounds/<int:number>/withdraw/",
        sealed.withdraw,
        name="sealed_withdraw",
    ),
    path("sealed/wording.json", pairing.wording_bundle, name="sealed_wording"),
]
