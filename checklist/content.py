"""Load categories and activities from `fixtures/checklist/NN-<slug>.json`, never overwriting admin edits."""

from __future__ import annotations

import re
from pathlib import Path

from django.db import transaction

from glossary.models import Term
from kinklist.content import ContentError, LoadReport, read_json_files, upsert

from .models import Activity, Category

FILE_NAME = re.compile(r"^(?P<order>\d+)-(?P<slug>[a-z0-9-]+)$")


def read_category_files(folder: Path) -> list[dict]:
    categories = []
    for path, entry in read_json_files(folder):
        match = FILE_NAME.match(path.stem)
        if match is None or match["slug"] != entry.get("slug"):
            raise ContentError(f"{path.name}: name it NN-<slug>.json after the category's slug")
        categories.append({**entry, "order": int(match["order"])})
    return categories


def check_activity(entry: dict) -> None:
    directional = entry["kind"] == Activity.Kind.DIRECTIONAL
    if entry["kind"] not in Activity.Kind.values:
        raise ContentError(f"{entry['slug']}: kind must be shared or directional")
    if directional != bool(entry.get("give") and entry.get("receive")):
        raise ContentError(
            f"{entry['slug']}: a directional activity has give and receive wording, a shared one none"
        )
    if entry["risk"] not in Activity.Risk.values:
        raise ContentError(f"{entry['slug']}: risk must be low, medium or high")


@transaction.atomic
def load_activities(folder: Path) -> tuple[LoadReport, LoadReport]:
    categories = read_category_files(folder)
    category_report, activity_report = LoadReport(), LoadReport()
    existing_categories = {category.slug: category for category in Category.objects.all()}
    existing_activities = {activity.slug: activity for activity in Activity.objects.all()}
    terms = dict(Term.objects.values_list("slug", "pk"))
    seen: set[str] = set()

    for entry in categories:
        values = {"name": entry["name"], "intro": entry["intro"], "order": entry["order"]}
        category = upsert(
            Category, existing_categories.get(entry["slug"]), {"slug": entry["slug"]}, values, category_report
        )
        category = category or existing_categories[entry["slug"]]
        for order, item in enumerate(entry["activities"]):
            check_activity(item)
            if item["slug"] in seen:
                raise ContentError(f"{item['slug']}: listed twice")
            seen.add(item["slug"])
            missing = [slug for slug in item["terms"] if slug not in terms]
            if missing:
                raise ContentError(f"{item['slug']}: unknown glossary terms {missing}")
            values = {
                "category": category,
                "name": item["name"],
                "description": item["description"],
                "risk": item["risk"],
                "kind": item["kind"],
                "give_text": item.get("give", ""),
                "receive_text": item.get("receive", ""),
                "order": order,
            }
            activity = upsert(
                Activity,
                existing_activities.get(item["slug"]),
                {"slug": item["slug"]},
                values,
                activity_report,
            )
            if activity is not None:
                activity.terms.set([terms[slug] for slug in item["terms"]])
    return category_report, activity_report
