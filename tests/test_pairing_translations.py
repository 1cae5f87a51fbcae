"""The partner-facing pages in German and Spanish, at their /de/ and /es/ addresses: their words, their
dates, what a partner is called and the refusals they show, in the address's language, with the privacy
boundary of tests/test_boundary.py holding in each language as it does in English."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from checklist.models import Pairing
from tests.helpers import (
    InLanguage,
    accept,
    both_ready,
    invite_link,
    lock,
    seal,
    sealed_invite_link,
    send_json,
)
from tests.test_boundary import STATES, contexts_of, not_plain, pairing_keys, planted_reach
from tests.test_page_translations import catalogue, read_po

pytestmark = pytest.mark.django_db

LANGUAGES = ("de", "es")
MARCH_4 = datetime(2026, 3, 4, 9, 5, tzinfo=UTC)


def english_sentences(language: str) -> set[str]:
    """Every stretch of English the language's catalogue translates (a sentence, or what stands between
    markup and placeholders, long enough to be a phrase), unless its translation keeps it as it is."""
    _, entries = read_po(catalogue(language))
    found = set()
    for entry in entries:
        translated = " ".join(entry.msgstr.values())
        for source in filter(None, (entry.msgid, entry.msgid_plural)):
            for stretch in re.split(r"<[^<>]*>|%\(\w+\)s|(?<=[.;:?])\s", source):
                stretch = stretch.strip(" .,:;")
                if len(stretch) >= 16 and stretch not in translated:
                    found.add(stretch)
    return found


def english_left(page: str, language: str) -> list[str]:
    text = html.unescape(page)
    return sorted(sentence for sentence in english_sentences(language) if sentence in text)


def test_the_check_for_english_finds_a_marked_sentence_left_in_english():
    page = "<p>Deine Daten</p><p>Every comparison between you is deleted, for both of you.</p>"

    assert english_left(page, "de") == ["Every comparison between you is deleted, for both of you"]
    assert english_left("<p>Deine Daten</p>", "de") == []


# The key states of tests/test_boundary.py, brought about at the language's addresses, each with what proves
# it in German and in Spanish.
KEY_STATES = {
    "pairings list, partner ready, invite open": (
        "Dein*e Partner*in ist bereit zum Vergleichen.",
        "Tu pareja ha pulsado «Listo» para comparar.",
    ),
    "invite page, visitor": ("Sam lädt dich zum Vergleichen ein", "Sam te invita a comparar"),
    "invite created, name saved": (
        "Gespeichert: Dein*e Partner*in sieht dich als Sam.",
        "Guardado: tu pareja te verá como Sam.",
    ),
    "nickname, too long": ("höchstens 40 Zeichen", "como máximo 40 caracteres"),
    "ready, little answered": ("Du hast 4 von 6 beantwortet.", "Has respondido 4 de 6."),
    "pairing, nothing yet": ("Bereit zum Vergleichen?", "¿Todo listo para comparar?"),
    "pairing, waiting": ("Warten auf deine*n Partner*in", "Esperando a tu pareja"),
    "pairing, saturation warning": ("Trotzdem aufdecken", "Revelar de todos modos"),
    "pairing, revealed": ("1 gemeinsames Ja", "1 sí compartido"),
    "pairing, compared twice": ("1 neues seit dem vorigen", "1 nuevo desde la anterior"),
    "pairing, cancelled": (": abgebrochen", ": cancelada"),
    "round page, new since the last": ("Diesmal neu", "Nuevo esta vez"),
    "round page, revealed anyway": ("Du → dein*e Partner*in", "Tú → tu pareja"),
    "end page": (
        "Verbindung mit deiner*deinem Partner*in beenden?",
        "¿Terminar el emparejamiento con tu pareja?",
    ),
    "pairing ended, its old link": ("Diese Verbindung wurde beendet", "Este emparejamiento terminó"),
    "ready, partner sealed": ("Versiegle deine, um zu vergleichen.", "Sella la tuya para comparar."),
    "pairing, sealed, compared": (
        "in euren Browsern verglichen",
        "comparada en los navegadores de ambas personas",
    ),
    "round page, sealed": ("Euer Vergleich wird geöffnet…", "Abriendo tu comparación…"),
    "invite page, sealed, visitor must seal": ("Versiegle zuerst deine Checkliste", "Sella primero tu lista"),
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(KEY_STATES))
def test_a_key_partner_facing_state_speaks_its_language_and_keeps_the_boundary(
    alice, bob, charlie, planted, catalogue, name, language
):
    bring_about, template, _ = STATES[name]
    people = {"alice": alice, "bob": bob, "charlie": charlie}
    response = bring_about(
        SimpleNamespace(
            **{who: InLanguage(client, language) for who, client in people.items()},
            pairing=planted,
            catalogue=catalogue,
        )
    )
    page = response.content.decode()

    assert [each.name for each in response.templates][:1] == [template]
    assert KEY_STATES[name][LANGUAGES.index(language)] in html.unescape(page)
    assert f'<html lang="{language}">' in page
    assert english_left(page, language) == []
    for context in contexts_of(response):
        keys = pairing_keys(context)
        assert [found for key in keys for found in not_plain(context[key], key)] == []
        assert planted_reach(context, keys) == {}


@pytest.mark.parametrize(
    ("prefix", "created", "long_date"),
    [
        ("", "4 Mar 2026, 09:05", "4 March 2026"),
        ("/de", "04.03.2026 09:05", "4. März 2026"),
        ("/es", "04/03/2026 09:05", "4 de marzo de 2026"),
    ],
)
def test_dates_are_written_the_way_the_pages_language_writes_them(
    alice, bob, planted, time_machine, prefix, created, long_date
):
    time_machine.move_to(MARCH_4, tick=False)
    invite_link(alice)
    both_ready(planted, alice, bob)

    assert created in alice.get(f"{prefix}/pairings/").content.decode()
    assert long_date in alice.get(f"{prefix}{planted}rounds/1/").content.decode()


@pytest.mark.parametrize(
    ("language", "listed", "heading", "alone"),
    [
        (
            "de",
            "Dein*e Partner*in seit 05.03.2026",
            "Vergleich mit deiner*deinem Partner*in seit 05.03.2026",
            "Vergleich mit deiner*deinem Partner*in</h1>",
        ),
        (
            "es",
            "Tu pareja desde el 05/03/2026",
            "Comparación con tu pareja desde el 05/03/2026",
            "Comparación con tu pareja</h1>",
        ),
    ],
)
def test_an_unnamed_partner_is_called_so_in_the_language_and_declined_after_with(
    person, time_machine, language, listed, heading, alone
):
    me, first, second = person(), person(), person()
    time_machine.move_to(MARCH_4, tick=False)
    only = accept(first, invite_link(me))
    me_alone = me.get(f"/{language}{only}").content.decode()
    time_machine.move_to(MARCH_4 + timedelta(days=1), tick=False)
    later = accept(second, invite_link(me))

    assert alone in me_alone
    assert listed in me.get(f"/{language}/pairings/").content.decode()
    assert heading in me.get(InLanguage(me, language).at(later)).content.decode()


def test_a_refusal_is_in_the_addresses_language(alice, bob, planted):
    seal(alice)

    ready = bob.post(f"/de{planted}ready/")
    missing = "/pairings/00000000-0000-0000-0000-000000000000/"
    page = bob.get(f"/de{missing}")
    fragment = bob.get(f"/es{missing}", headers={"HX-Request": "true"})

    assert ready.status_code == 409
    assert "Dein*e Partner*in hat die eigene Checkliste versiegelt." in ready.content.decode()
    assert "Das geht gerade nicht" in ready.content.decode()
    assert page.status_code == fragment.status_code == 404
    assert "Diese Seite konnten wir nicht finden" in page.content.decode()
    assert fragment.content.decode() == (
        '<p class="error">Esto ya no está aquí: puede que se haya terminado o borrado. Vuelve a cargar la '
        "página para ver lo que hay.</p>\n"
    )


def test_a_sealed_pairings_refusal_is_in_the_addresses_language(alice, bob, catalogue):
    seal(alice)
    seal(bob)
    link = sealed_invite_link(InLanguage(alice, "de"))
    accept(bob, link)
    rounds = f"/de/sealed/pairings/{Pairing.objects.get().public_id}/rounds/"
    assert lock(alice, rounds).status_code == 200

    twice = lock(alice, rounds)
    not_sealed = send_json(alice, "POST", "/es/sealed/invites/", {})

    assert link.startswith("/de/invite/")
    assert twice.status_code == 409
    assert twice.json() == {"error": "Du hast für diesen Vergleich schon auf „Bereit“ gedrückt."}
    assert not_sealed.json() == {"error": 'Aquí solo se crean invitaciones selladas: envía {"sealed": true}.'}


def test_form_messages_are_in_the_addresses_language(alice, catalogue):
    saved = alice.post("/de/checklist/", {"r999999": "yes"})
    sections = alice.post("/es/checklist/sections/", {"shown": ["nope"]})
    me = alice.get("/de/me/").content.decode()

    assert "Diese Aktivität oder diese Seite davon steht nicht auf der Checkliste." in saved.content.decode()
    assert "Esa sección no está en la lista." in sections.content.decode()
    assert "Wird nur Partner*innen gezeigt, die du einlädst" in me
