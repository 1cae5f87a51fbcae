"""What both apps' content loaders share: reading the JSON files, reporting what changed, and what the
loaders of translations (fixtures/locale/<language>/) check and report beyond that."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import models

from .languages import translated_languages

LOCALE = "locale"


class ContentError(Exception):
    pass


@dataclass
class LoadReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.kept)} kept as edited in the admin"
        )


@dataclass
class TranslationReport(LoadReport):
    """Also the slugs of the English objects that lack a translation, or some of its fields: a language
    may be translated in parts, and until then those show in English."""

    missing: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{super().__str__()}, {len(self.missing)} missing a translation"


def translation_folders(content_dir: Path) -> list[tuple[str, Path]]:
    """Each language folder under `locale/`, as (language, folder). A folder for a language the site does
    not offer is refused: its content could never be shown."""
    folder = content_dir / LOCALE
    found = sorted(path for path in folder.iterdir() if path.is_dir()) if folder.is_dir() else []
    unknown = [path.name for path in found if path.name not in translated_languages()]
    if unknown:
        raise ContentError(
            f"{LOCALE}/{unknown[0]}: not a translated language in settings.LANGUAGES "
            f"({', '.join(translated_languages())})"
        )
    return [(path.name, path) for path in found]


def check_lengths(model: type[models.Model], label: str, values: dict) -> None:
    """Refuses a text longer than its column, which PostgreSQL would refuse less clearly (SQLite not)."""
    for name, value in values.items():
        limit = model._meta.get_field(name).max_length
        if limit is not None and len(value) > limit:
            raise ContentError(f"{label}: {name} has {len(value)} characters, more than {limit}")


def gaps(rows, translations: dict[int, models.Model], fields) -> dict[str, list[str]]:
    """Each row's slug with the fields (named by `fields(row)`) its translation lacks, if any: an empty
    field is a missing one."""
    found = {}
    for row in rows:
        translation = translations.get(row.pk)
        lacking = [name for name in fields(row) if translation is None or not getattr(translation, name)]
        if lacking:
            found[row.slug] = lacking
    return found


def read_json_files(folder: Path) -> list[tuple[Path, dict]]:
    entries = []
    for path in sorted(folder.glob("*.json")):
        try:
            entries.append((path, json.loads(path.read_text(encoding="utf-8"))))
        except json.JSONDecodeError as error:
            raise ContentError(f"{path.name}: not valid JSON ({error})") from error
    return entries


def upsert(
    model: type[models.Model],
    existing: models.Model | None,
    key: dict,
    values: dict,
    report: LoadReport,
    label: str | None = None,
):
    """Creates, updates or keeps one row, and says which in the report (by `label`, or the key's first
    value). Returns the row, or None if kept.

    A row saved in the admin (`edited_here`) is never overwritten.
    """
    label = label or next(iter(key.values()))
    if existing is not None and existing.edited_here:
        report.kept.append(label)
        return None
    if existing is None:
        report.added.append(label)
        return model.objects.create(**key, **values)
    if any(getattr(existing, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(existing, name, value)
        existing.save()
        report.updated.append(label)
    else:
        report.unchanged.append(label)
    return existing
