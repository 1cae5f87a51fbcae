"""Load glossary terms from `fixtures/glossary/*.json` without ever overwriting an admin's edits."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from kinklist.content import ContentError, LoadReport, read_json_files, upsert
from kinklist.text import slug_for

from .models import Alias, Term

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
        _sync_aliases(term, entry["aliases"], term_slugs)

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


def _sync_aliases(term: Term, names: list[str], term_slugs: set[str]) -> None:
    wanted = {slug_for(name): name for name in names}
    clashes = term_slugs & set(wanted)
    if clashes:
        raise ContentError(f"{term.slug}: aliases {sorted(clashes)} are the addresses of terms")
    taken = Alias.objects.filter(slug__in=wanted).exclude(term=term).values_list("slug", flat=True)
    if taken:
        raise ContentError(f"{term.slug}: aliases {sorted(taken)} belong to another term")
    term.aliases.exclude(slug__in=wanted).delete()
    current = {alias.slug: alias for alias in term.aliases.all()}
    for slug, name in wanted.items():
        alias = current.get(slug)
        if alias is None:
            Alias.objects.create(term=term, slug=slug, name=name)
        elif alias.name != name:
            alias.name = name
            alias.save(update_fields=["name"])
