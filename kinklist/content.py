"""What both apps' content loaders share: reading the JSON files and reporting what changed."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import models


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


def read_json_files(folder: Path) -> list[tuple[Path, dict]]:
    entries = []
    for path in sorted(folder.glob("*.json")):
        try:
            entries.append((path, json.loads(path.read_text(encoding="utf-8"))))
        except json.JSONDecodeError as error:
            raise ContentError(f"{path.name}: not valid JSON ({error})") from error
    return entries


def upsert(
    model: type[models.Model], existing: models.Model | None, key: dict, values: dict, report: LoadReport
):
    """Creates, updates or keeps one row, and says which in the report. Returns the row, or None if kept.

    A row saved in the admin (`edited_here`) is never overwritten.
    """
    label = next(iter(key.values()))
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
