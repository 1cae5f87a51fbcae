"""The shipped translations (fixtures/locale/<language>/): complete, loadable, and worded the right way round.

Each test runs for every language folder that exists, so a language is checked from the moment its files
land."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.conf import settings

from checklist.content import (
    activity_gaps,
    category_gaps,
    load_activities,
    load_activity_translations,
    read_category_files,
)
from glossary.content import load_term_translations, load_terms, term_gaps
from kinklist.content import LOCALE, translation_folders

CONTENT = settings.CONTENT_DIR
# (language, part) for each part of a language that has arrived: German's checklist and glossary come
# separately.
SHIPPED = [
    (language, part)
    for language, folder in translation_folders(CONTENT)
    for part in ("checklist", "glossary")
    if (folder / part).is_dir()
]


@dataclass(frozen=True)
class Direction:
    """How a language words the two sides of a directional activity. A match reads "A → B" from A's give
    and B's receive, so a pair worded the wrong way round silently turns matches around."""

    give: str  # how give begins: the speaker is the one who acts
    partner: str  # how give names the partner the speaker acts on or for (a regular expression)
    receive: str  # how receive begins: the speaker's partner is the one who acts


DIRECTION = {
    "en": Direction(give="I'd like to ", partner=r"\bmy partner", receive="I'd like my partner to "),
    # Any case of "mein* Partner*in": "meine*n Partner*in", but also "mit meiner*m Partner*in" and "mit dem
    # Einverständnis meiner*s Partner*in".
    "de": Direction(
        give="Ich möchte ",
        partner=r"\bmein\w*\*\w* Partner\*in",
        receive="Ich möchte, dass mein*e Partner*in ",
    ),
    "es": Direction(give="Me gustaría ", partner=r"\bmi pareja\b", receive="Me gustaría que mi pareja "),
}

# What a language still lacks because its translators deliver it later, named one by one, so that any other
# gap fails and each of these must be struck off when it lands.
PENDING: dict[tuple[str, str], set[str]] = {}


def load(language: str, part: str):
    """What English `part` needs, then the language's, as load_content does; returns the translations'
    reports."""
    load_terms(CONTENT / "glossary")
    folder = CONTENT / LOCALE / language / part
    if part == "glossary":
        return (load_term_translations(folder, language),)
    load_activities(CONTENT / "checklist")
    return load_activity_translations(folder, language)


def gaps_of(language: str, part: str) -> dict[str, list[str]]:
    if part == "glossary":
        return term_gaps(language)
    return {f"category {slug}": fields for slug, fields in category_gaps(language).items()} | activity_gaps(
        language
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "part"), SHIPPED)
def test_every_published_term_and_active_activity_is_translated(language, part):
    load(language, part)
    pending = PENDING.get((language, part), set())

    gaps = gaps_of(language, part)

    assert {slug: fields for slug, fields in gaps.items() if slug not in pending} == {}
    assert pending - set(gaps) == set(), "translated now: strike these off PENDING"


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "part"), SHIPPED)
def test_the_shipped_translations_load_twice_without_changes(language, part):
    first = load(language, part)
    second = load(language, part)

    assert all(report.added for report in first)
    assert all(report.added == report.updated == [] for report in second)


def test_every_shipped_language_has_its_direction_rule():
    assert {language for language, _ in SHIPPED} <= set(DIRECTION)


def wrong_way(rule: Direction, give: str, receive: str) -> str | None:
    """What is wrong with a pair of wordings under `rule`, if anything."""
    if give == receive:
        return "give and receive read the same"
    if not give.startswith(rule.give) or give.startswith(rule.receive):
        return f"give does not begin {rule.give!r}"
    if not re.search(rule.partner, give):
        return "give does not name the partner"
    if not receive.startswith(rule.receive):
        return f"receive does not begin {rule.receive!r}"
    return None


@pytest.mark.parametrize(
    "language", ["en", *sorted({language for language, part in SHIPPED if part == "checklist"})]
)
def test_give_is_always_the_partner_who_acts(language):
    """One convention in every language, so a match never reads the wrong way round: give is whoever does
    it (fixtures/README.md, "Direction")."""
    rule = DIRECTION[language]
    folder = CONTENT / "checklist" if language == "en" else CONTENT / LOCALE / language / "checklist"
    pairs = [
        (activity["slug"], activity["give"], activity["receive"])
        for category in read_category_files(folder)
        for activity in category["activities"]
        if "give" in activity or "receive" in activity
    ]

    assert len(pairs) > 100
    assert [
        (slug, problem) for slug, give, receive in pairs if (problem := wrong_way(rule, give, receive))
    ] == []


@pytest.mark.parametrize(
    ("language", "give", "receive", "problem"),
    [
        ("en", "I'd like my partner to spank me", "I'd like to spank my partner", "give does not begin"),
        (
            "en",
            "I'd like to spank someone",
            "I'd like my partner to spank me",
            "give does not name the partner",
        ),
        (
            "de",
            "Ich möchte, dass mein*e Partner*in mich fesselt",
            "Ich möchte meine*n Partner*in fesseln",
            "give",
        ),
        (
            "de",
            "Ich möchte meine*n Partner*in fesseln",
            "Ich möchte gefesselt werden",
            "receive does not begin",
        ),
        (
            "es",
            "Me gustaría que mi pareja me azotara",
            "Me gustaría azotar a mi pareja",
            "give does not begin",
        ),
        ("es", "Me gustaría azotar a mi pareja", "Me gustaría azotar a mi pareja", "read the same"),
    ],
)
def test_the_direction_rule_catches_a_pair_worded_the_wrong_way_round(language, give, receive, problem):
    assert problem in wrong_way(DIRECTION[language], give, receive)


def test_the_direction_rule_takes_every_case_of_the_german_partner():
    rule = DIRECTION["de"]
    for give in (
        "Ich möchte meine*n Partner*in fesseln",
        "Ich möchte mit meiner*m Partner*in eine Szene spielen",
        "Ich möchte mit dem Einverständnis meiner*s Partner*in jemand anderen küssen",
    ):
        assert wrong_way(rule, give, "Ich möchte, dass mein*e Partner*in mich fesselt") is None, give


@pytest.mark.parametrize(("language", "part"), SHIPPED)
def test_no_translation_speaks_of_anything_but_itself(language, part):
    text = " ".join(
        path.read_text(encoding="utf-8") for path in (CONTENT / LOCALE / language / part).glob("*.json")
    )

    for phrase in ("http://", "https://", "/work/", " ai ", "chatgpt", "<script"):
        assert phrase not in text.lower(), phrase
