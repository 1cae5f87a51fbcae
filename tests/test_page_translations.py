"""The pages' own words in German and Spanish (locale/<language>/LC_MESSAGES/django.po): every string the
templates mark is translated, nothing is fuzzy, nothing marked is missing from the files, every translation
keeps its msgid's placeholders and markup, and pages render in each language."""

from __future__ import annotations

import ast
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import loader
from django.test import override_settings
from django.utils import translation

from checklist.answers import field_name

LANGUAGES = ("de", "es")
LOCALE = settings.BASE_DIR / "locale"
# What `make makemessages` leaves out (keep the two lists the same).
NOT_SCANNED = {".venv", ".venv-lock", "node_modules", "static", "staticfiles", "bench", "tests", "locale"}


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    def __str__(self) -> str:
        context = f" (context {self.msgctxt!r})" if self.msgctxt else ""
        return f"line {self.line}: {self.msgid!r}{context}"


def read_po(path: Path) -> tuple[Entry, list[Entry]]:
    """The header entry and every other entry of a .po file (GNU gettext's format, as msgmerge writes it)."""
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int] | None = None  # the keyword the last string belongs to

    def finish() -> None:
        nonlocal entry, target
        if target is not None:
            entries.append(entry)
        entry, target = Entry(), None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line or line.startswith("#") or (obsolete and line.startswith("|")):
            # A blank line or a comment ends an entry; a flags comment (#,) belongs to the next one.
            if target is not None:
                finish()
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if not line.startswith('"'):
            keyword, _, line = line.partition(" ")
            if keyword in ("msgctxt", "msgid") and target is not None and target[0] != "msgctxt":
                finish()
            plural = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if plural:
                target = ("msgstr", int(plural.group(1)))
            elif keyword in ("msgctxt", "msgid", "msgid_plural", "msgstr"):
                target = (keyword, 0)
            else:
                raise AssertionError(f"{path}:{number}: unknown line {raw!r}")
            if keyword == "msgid":
                entry.line = number
        assert target is not None, f"{path}:{number}: a string continues nothing"
        entry.obsolete = entry.obsolete or obsolete
        text = ast.literal_eval(line)
        name, index = target
        if name == "msgstr":
            entry.msgstr[index] = entry.msgstr.get(index, "") + text
        else:
            setattr(entry, name, (getattr(entry, name) or "") + text)
    finish()
    header = next(e for e in entries if e.msgid == "" and e.msgctxt is None)
    return header, [e for e in entries if e is not header]


def catalogue(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def header_fields(header: Entry) -> dict[str, str]:
    lines = header.msgstr[0].splitlines()
    return {name.strip(): value.strip() for name, _, value in (line.partition(":") for line in lines)}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy_or_obsolete(language):
    header, entries = read_po(catalogue(language))
    assert "fuzzy" not in header.flags, "the header is marked fuzzy: fill it in and remove the mark"
    fields = header_fields(header)
    assert fields["Language"] == language
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"
    assert fields["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert entries, "no entries: were the templates marked?"
    problems = []
    for entry in entries:
        if entry.obsolete:
            problems.append(f"obsolete, to be removed: {entry}")
        elif "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry}")
        elif not entry.msgstr or not all(entry.msgstr.get(i) for i in range(2 if entry.msgid_plural else 1)):
            problems.append(f"untranslated: {entry}")
    assert not problems, "\n".join(problems)


def test_every_marked_string_is_in_both_files_and_nothing_else(tmp_path, monkeypatch):
    """What `make makemessages` would extract now, into a scratch folder: the same msgids as both files."""
    project = tmp_path / "project"
    project.mkdir()
    for item in settings.BASE_DIR.iterdir():
        if item.name not in NOT_SCANNED and not item.name.startswith("."):
            (project / item.name).symlink_to(item)
    monkeypatch.chdir(project)
    with override_settings(LOCALE_PATHS=[project / "locale"]):
        call_command(
            "makemessages", locale=["de"], symlinks=True, add_location="file", no_obsolete=True, verbosity=0
        )
    _, extracted = read_po(project / "locale" / "de" / "LC_MESSAGES" / "django.po")
    wanted = {entry.key for entry in extracted}
    assert wanted, "nothing extracted"
    for language in LANGUAGES:
        have = {entry.key for entry in read_po(catalogue(language))[1] if not entry.obsolete}
        missing, stale = sorted(wanted - have, key=str), sorted(have - wanted, key=str)
        assert not missing and not stale, (
            f"locale/{language}: run `make makemessages`, then translate. "
            f"Missing: {missing}. No longer in any template: {stale}."
        )


PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[a-z%]")
TAG = re.compile(r"<[^<>]*>")


def sources(entry: Entry) -> list[tuple[str, str]]:
    """Each translation with the msgid it stands for (a plural form's is msgid_plural)."""
    return [(entry.msgid if index == 0 else entry.msgid_plural, text) for index, text in entry.msgstr.items()]


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_placeholders_and_markup(language):
    _, entries = read_po(catalogue(language))
    problems = []
    for entry in entries:
        for source, text in sources(entry):
            if Counter(PLACEHOLDER.findall(text)) != Counter(PLACEHOLDER.findall(source)):
                problems.append(f"placeholders differ: {entry} -> {text!r}")
            if PLACEHOLDER.sub("", text).count("%") != PLACEHOLDER.sub("", source).count("%"):
                # blocktranslate formats every message with %: a lone one breaks the page (write %%).
                problems.append(f"a lone %: {entry} -> {text!r}")
            if Counter(TAG.findall(text)) != Counter(TAG.findall(source)):
                problems.append(f"markup differs: {entry} -> {text!r}")
            outside_tags = TAG.sub("", text)
            if any(c in outside_tags and c not in TAG.sub("", source) for c in '<>"'):
                # Some translations stand in an attribute (aria-label="…"): a straight quote would end it.
                problems.append(f"stray < > or straight quote: {entry} -> {text!r}")
            if text != text.strip() and source == source.strip():
                problems.append(f"leading or trailing space: {entry} -> {text!r}")
    assert not problems, "\n".join(problems)


def test_the_answer_words_and_terms_are_the_agreed_ones():
    """Yes/Maybe/No read as the answer buttons do; the agreed words for the product's own terms are used."""
    by_language = {language: read_po(catalogue(language))[1] for language in LANGUAGES}
    expected = {
        "de": {
            "Rate each activity <strong>Yes</strong>": (
                "<strong>Ja</strong>, <strong>Vielleicht</strong> oder <strong>Nein</strong>"
            ),
            "Resume link": "Fortsetzungslink",
            "Glossary": "Glossar",
            "Your checklist is sealed": "Deine Checkliste ist versiegelt",
        },
        "es": {
            "Rate each activity <strong>Yes</strong>": (
                "<strong>Sí</strong>, <strong>Quizás</strong> o <strong>No</strong>"
            ),
            "Resume link": "Enlace para continuar",
            "Glossary": "Glosario",
            "Your checklist is sealed": "Tu lista está sellada",
        },
    }
    for language, pairs in expected.items():
        for start, wanted in pairs.items():
            found = [e.msgstr[0] for e in by_language[language] if e.msgid.startswith(start)]
            assert found and all(wanted in text for text in found), (language, start, found)


# Rendering in German and Spanish.


@pytest.fixture
def i18n(i18n):
    """Our catalogues compiled (the shared fixture), and Django's reworded ones too."""
    for po in DJANGOS_REWORDED:
        mo = po.with_suffix(".mo")
        assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime, (
            f"{mo} missing or stale: make messages"
        )


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", html)


@pytest.mark.parametrize(
    ("language", "headline", "answers", "how"),
    [
        (
            "de",
            "Finde heraus, was ihr beide wollt – ganz privat.",
            "<strong>Ja</strong>, <strong>Vielleicht</strong> oder <strong>Nein</strong>",
            'aria-label="So funktioniert es"',
        ),
        (
            "es",
            "Descubre qué quieren tú y tu pareja, en privado.",
            "<strong>Sí</strong>, <strong>Quizás</strong> o <strong>No</strong>",
            'aria-label="Cómo funciona"',
        ),
    ],
)
def test_the_home_page_speaks_its_addresses_language(i18n, client, db, language, headline, answers, how):
    html = client.get(f"/{language}/").content.decode()
    assert headline in html
    assert answers in html
    assert how in html
    assert "Find out what you both want" not in html


@pytest.mark.parametrize(
    ("language", "phrases"),
    [
        (
            "de",
            [
                "Glossar durchsuchen",
                "Sicherheitshinweis",
                "Risikostufe",
                "Auch bekannt als:",
                ">Konzept<",
                ">Gering<",
            ],
        ),
        (
            "es",
            [
                "Buscar en el glosario",
                "Nota de seguridad",
                "Nivel de riesgo",
                "También se escribe:",
                ">Concepto<",
                ">Bajo<",
            ],
        ),
    ],
)
def test_glossary_pages_speak_their_addresses_language(i18n, client, make_term, language, phrases):
    consent = make_term("consent", name="Consent")
    consent.aliases.create(name="Konsens", slug=f"konsens-{language}", language=language)
    index = client.get(f"/{language}/glossary/").content.decode()
    term = client.get(f"/{language}/glossary/consent/").content.decode()
    missing = client.get(f"/{language}/glossary/no-such-term/").content.decode()
    assert phrases[0] in index
    assert all(phrase in term for phrase in phrases[1:])
    assert "Safety note" not in term and "Quick facts" not in term
    assert ">Concept<" not in term and ">Low<" not in term
    assert {"de": "Kein Glossareintrag für „no-such-term“", "es": "«no-such-term»"}[language] in missing


@pytest.mark.parametrize(
    ("language", "phrases"),
    [
        ("de", ["Deine Daten", "Fortsetzungslink", "Versiegle deine Checkliste", "Alles löschen"]),
        ("es", ["Tus datos", "Enlace para continuar", "Sella tu lista", "Borrar todo"]),
    ],
)
def test_the_data_and_sealing_pages_speak_their_addresses_language(i18n, alice, language, phrases):
    me = alice.get(f"/{language}/me/").content.decode()
    seal = alice.get(f"/{language}/me/seal/").content.decode()
    login = alice.get(f"/{language}/accounts/login/").content.decode()
    assert all(phrase in text_of(me) for phrase in phrases)
    assert "Everything here belongs to you alone." not in me
    assert {"de": "Was das Versiegeln schützt", "es": "Qué protege el sellado"}[language] in seal
    assert {"de": "Kein Konto?", "es": "¿No tienes cuenta?"}[language] in login


@pytest.mark.parametrize(
    ("language", "answers", "phrases"),
    [
        (
            "de",
            {"yes": "Ja", "maybe": "Vielleicht", "no": "Nein"},
            [
                "Deine Checkliste",
                "Jedes Antippen wird gespeichert.",
                "Geringes Risiko",
                "Bereiche speichern",
                "„Talk“ speichern",
                "0 von 2 beantwortet",
                "Deine Daten: Fortsetzungslink",
            ],
        ),
        (
            "es",
            {"yes": "Sí", "maybe": "Quizás", "no": "No"},
            [
                "Tu lista",
                "Cada toque guarda tu respuesta.",
                "Riesgo bajo",
                "Guardar secciones",
                "Guardar la sección de talk",
                "0 de 2 respondidas",
                "Tus datos: enlace para continuar",
            ],
        ),
    ],
)
def test_the_checklist_page_speaks_its_addresses_language(i18n, alice, catalogue, language, answers, phrases):
    html = text_of(alice.get(f"/{language}/checklist/").content.decode())
    labels = re.findall(r'<input type="radio" name="\w+" value="(\w+)"><span>([^<]+)</span>', html)

    assert labels and set(labels) == set(answers.items())
    assert all(phrase in html for phrase in phrases), [p for p in phrases if p not in html]
    for english in ("Every tap saves", "Low risk", "Save sections", " answered<", "Show these sections"):
        assert english not in html


@pytest.mark.parametrize(
    ("language", "said"),
    [("de", "Gespeichert: Kissing: Vielleicht."), ("es", "Guardado: Kissing: Quizás.")],
)
def test_a_one_tap_save_answers_in_the_pages_language(i18n, alice, catalogue, language, said):
    kissing = field_name(catalogue["kissing"].pk, "shared")
    response = alice.post(
        f"/{language}/checklist/", {"category": "talk", kissing: "maybe"}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert said in html
    assert "Saved" not in html


def test_the_server_error_page_names_its_language(i18n):
    with translation.override("de"):
        html = loader.get_template("500.html").render()
    assert '<html lang="de">' in html
    assert "Bei uns ist etwas schiefgelaufen" in html


# Django's own words that our pages show, reworded in locale/django/ (Spanish: tú, where Django says usted).

DJANGOS_REWORDED = sorted((LOCALE / "django").glob("*/LC_MESSAGES/django.po"))


def djangos_catalogues(language: str) -> list[Path]:
    import django

    root = Path(django.__file__).parent
    return [root / "conf" / "locale" / language / "LC_MESSAGES" / "django.po"] + sorted(
        root.glob(f"contrib/*/locale/{language}/LC_MESSAGES/django.po")
    )


@pytest.mark.parametrize("path", DJANGOS_REWORDED, ids=lambda path: path.parts[-3])
def test_djangos_reworded_words_are_djangos_own_and_translated(path):
    """A Django upgrade that changes one of these msgids would silently bring back Django's wording."""
    language = path.parts[-3]
    djangos = {entry.key for each in djangos_catalogues(language) for entry in read_po(each)[1]}
    header, entries = read_po(path)
    assert header_fields(header)["Language"] == language
    assert entries
    for entry in entries:
        assert entry.key in djangos, f"not one of Django's messages: {entry}"
        assert len(entry.msgstr) == (2 if entry.msgid_plural else 1) and all(entry.msgstr.values()), entry
        for source, text in sources(entry):
            assert Counter(PLACEHOLDER.findall(text)) == Counter(PLACEHOLDER.findall(source)), entry


def test_the_account_forms_say_tu_in_spanish(i18n, client, alice):
    login = client.post("/es/accounts/login/", {"username": "x", "password": "y"}).content.decode()
    signup = client.post("/es/accounts/signup/", {"username": "a b", "password1": "a", "password2": "a"})
    name = alice.post("/es/me/name/", {"display_name": "x" * 41}).content.decode()

    assert "Introduce un nombre de usuario y una contraseña correctos." in login
    assert (
        "Tu contraseña no puede parecerse demasiado al resto de tu información personal."
        in signup.content.decode()
    )
    assert "Asegúrate de que este valor tenga como máximo 40 caracteres (tiene 41)." in name
    for page in (login, signup.content.decode(), name):
        assert not re.search(r"\b(introduzca|Su contraseña|Asegúrese|Observe)\b", page)
