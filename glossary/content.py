"""Load glossary terms from `fixtures/glossary/*.json` without ever overwriting an admin's edits, and their
translations from `fixtures/locale/<language>/glossary/*.json`."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.db import transaction

from kinklist.content import (
    ContentError,
    LoadReport,
    TranslationReport,
    check_lengths,
    gaps,
    read_json_files,
    upsert,
)
from kinklist.text import slug_for

from .models import TRANSLATED, Alias, Term, TermTranslation

SCALAR_FIELDS = (
    "name",
    "definition",
    "type",
    "risk_level",
    "beginner_friendly",
    "body",
    "often_confused_with",
    "safety_note",
    "status",
)


def read_term_files(folder: Path) -> list[dict]:
    entries = []
    for path, entry in read_json_files(folder):
        if entry.get("slug") != path.stem:
            raise ContentError(f"{path.name}: its slug must match the file name")
        entries.append(entry)
    return entries


@transaction.atomic
def load_terms(folder: Path) -> LoadReport:
    entries = read_term_files(folder)
    report = LoadReport()
    existing = {term.slug: term for term in Term.objects.all()}
    term_slugs = set(existing) | {entry["slug"] for entry in entries}
    loaded: dict[str, Term] = {}

    for entry in entries:
        values = {name: entry[name] for name in SCALAR_FIELDS}
        values["related_to"] = ", ".join(entry["related_to"])
        term = upsert(Term, existing.get(entry["slug"]), {"slug": entry["slug"]}, values, report)
        if term is None:
            continue
        loaded[term.slug] = term
        _sync_aliases(term, settings.LANGUAGE_CODE, entry["aliases"], term_slugs)

    all_terms = {term.slug: term for term in Term.objects.all()}
    for entry in entries:
        term = loaded.get(entry["slug"])
        if term is None:
            continue
        for relation in ("related", "confused_with"):
            missing = [slug for slug in entry[relation] if slug not in all_terms]
            if missing:
                raise ContentError(f"{term.slug}: {relation} names unknown terms {missing}")
            getattr(term, relation).set([all_terms[slug] for slug in entry[relation]])
    return report


def _sync_aliases(term: Term, language: str, names: list[str], term_slugs: set[str]) -> None:
    """The term's aliases in `language` become `names`. Every alias is an address, in whatever language:
    none may be a term's or another alias's."""
    wanted = {slug_for(name): name for name in names}
    if "" in wanted:
        raise ContentError(
            f"{term.slug}: alias {wanted['']!r} makes no address (it needs letters a-z or digits)"
        )
    clashes = term_slugs & set(wanted)
    if clashes:
        raise ContentError(f"{term.slug}: aliases {sorted(clashes)} are the addresses of terms")
    taken = Alias.objects.filter(slug__in=wanted).exclude(term=term, language=language).select_related("term")
    if taken:
        owners = ", ".join(sorted(f"{alias.slug} ({alias.term.slug}, {alias.language})" for alias in taken))
        raise ContentError(f"{term.slug}: aliases already taken: {owners}")
    mine = term.aliases.filter(language=language)
    mine.exclude(slug__in=wanted).delete()
    current = {alias.slug: alias for alias in mine}
    for slug, name in wanted.items():
        alias = current.get(slug)
        if alias is None:
            Alias.objects.create(term=term, slug=slug, name=name, language=language)
        elif alias.name != name:
            alias.name = name
            alias.save(update_fields=["name"])


# A link to another term, as content writes it: its target must be the same in every language.
LINK = re.compile(r"\]\(/glossary/([^/)]+)/\)")


@transaction.atomic
def load_term_translations(folder: Path, language: str) -> TranslationReport:
    """Terms' texts and aliases in `language`, matched to the English terms by slug. Loaded after English;
    a term's facts, status and links stay the English one's."""
    report = TranslationReport()
    terms = {term.slug: term for term in Term.objects.all()}
    existing = {t.term_id: t for t in TermTranslation.objects.filter(language=language)}

    for entry in read_term_files(folder):
        term = terms.get(entry["slug"])
        if term is None:
            raise ContentError(f"{entry['slug']}: no term has this slug in English")
        values = {name: entry.get(name, "") for name in TRANSLATED}
        values["related_to"] = ", ".join(entry.get("related_to", []))
        check_lengths(TermTranslation, term.slug, values)
        _check_links(term, values)
        key = {"term": term, "language": language}
        if upsert(TermTranslation, existing.get(term.pk), key, values, report, term.slug) is not None:
            _sync_aliases(term, language, entry.get("aliases", []), set(terms))

    report.missing = list(term_gaps(language))
    return report


def _check_links(term: Term, values: dict) -> None:
    for name in ("body", "often_confused_with", "safety_note"):
        english, translated = set(LINK.findall(getattr(term, name))), set(LINK.findall(values[name]))
        if values[name] and translated != english:
            raise ContentError(
                f"{term.slug}: {name} must link to the terms the English one links to "
                f"(not there: {sorted(english - translated)}, not in English: {sorted(translated - english)})"
            )


def term_gaps(language: str) -> dict[str, list[str]]:
    """Every published term with the fields its translation into `language` lacks."""
    translations = {t.term_id: t for t in TermTranslation.objects.filter(language=language)}
    return gaps(Term.objects.published(), translations, lambda term: TRANSLATED)
