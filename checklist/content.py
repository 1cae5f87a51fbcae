"""Load categories and activities from `fixtures/checklist/NN-<slug>.json`, never overwriting admin edits,
then apply the content operations of `operations.json` (merges, retirements, kind changes)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from django.db import transaction

from glossary.models import Term
from kinklist.content import ContentError, LoadReport, read_json_files, upsert

from . import operations
from .models import Activity, Category

FILE_NAME = re.compile(r"^(?P<order>\d+)-(?P<slug>[a-z0-9-]+)$")
OPERATIONS = "operations.json"


def read_category_files(folder: Path) -> list[dict]:
    categories = []
    for path, entry in read_json_files(folder):
        if path.name == OPERATIONS:
            continue
        match = FILE_NAME.match(path.stem)
        if match is None or match["slug"] != entry.get("slug"):
            raise ContentError(f"{path.name}: name it NN-<slug>.json after the category's slug")
        categories.append({**entry, "order": int(match["order"])})
    return categories


def read_operations(folder: Path) -> dict:
    path = folder / OPERATIONS
    if not path.exists():
        return {"merges": [], "retirements": [], "kind_changes": []}
    try:
        listed = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ContentError(f"{OPERATIONS}: not valid JSON ({error})") from error
    return {name: listed.get(name, []) for name in ("merges", "retirements", "kind_changes")}


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
    planned = read_operations(folder)
    kind_changes = {change["slug"]: change["to"] for change in planned["kind_changes"]}
    gone = {slug for merge in planned["merges"] for slug in merge["replaces"]}
    gone |= {retirement["slug"] for retirement in planned["retirements"]}
    category_report, activity_report = LoadReport(), LoadReport()
    existing_categories = {category.slug: category for category in Category.objects.all()}
    existing_activities = {activity.slug: activity for activity in Activity.objects.all()}
    terms = dict(Term.objects.values_list("slug", "pk"))
    seen: set[str] = set()

    for entry in categories:
        values = {
            "name": entry["name"],
            "intro": entry["intro"],
            "order": entry["order"],
            "starts_hidden": entry.get("starts_hidden", False),
        }
        category = upsert(
            Category, existing_categories.get(entry["slug"]), {"slug": entry["slug"]}, values, category_report
        )
        category = category or existing_categories[entry["slug"]]
        for order, item in enumerate(entry["activities"]):
            check_activity(item)
            if item["slug"] in seen:
                raise ContentError(f"{item['slug']}: listed twice")
            if item["slug"] in gone:
                raise ContentError(
                    f"{item['slug']}: merged or retired in {OPERATIONS}, so not listed any more"
                )
            seen.add(item["slug"])
            missing = [slug for slug in item["terms"] if slug not in terms]
            if missing:
                raise ContentError(f"{item['slug']}: unknown glossary terms {missing}")
            existing = existing_activities.get(item["slug"])
            if existing is not None and not existing.edited_here and existing.kind != item["kind"]:
                if kind_changes.get(item["slug"]) != item["kind"]:
                    raise ContentError(
                        f"{item['slug']}: changing its kind changes what answers mean; "
                        f"list it under kind_changes in {OPERATIONS}"
                    )
                operations.change_kind(existing, item["kind"], item.get("give", ""), item.get("receive", ""))
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
            activity = upsert(Activity, existing, {"slug": item["slug"]}, values, activity_report)
            if activity is not None:
                activity.terms.set([terms[slug] for slug in item["terms"]])
    apply_operations(planned)
    return category_report, activity_report


def apply_operations(planned: dict) -> None:
    """Merges and retirements, each once: an activity already retired is left as it is."""
    by_slug = {activity.slug: activity for activity in Activity.objects.all()}
    for merge in planned["merges"]:
        slugs = [merge["into"], *merge["replaces"]]
        missing = [slug for slug in slugs if slug not in by_slug]
        if missing:
            raise ContentError(f"{OPERATIONS}: merge names unknown activities {missing}")
        operations.merge(by_slug[merge["into"]], [by_slug[slug] for slug in merge["replaces"]])
    for retirement in planned["retirements"]:
        if retirement["slug"] in by_slug:
            operations.retire(by_slug[retirement["slug"]])
