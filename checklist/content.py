"""Load categories and activities from `fixtures/checklist/NN-<slug>.json`, never overwriting admin edits,
then apply the content operations of `operations.json` (merges, retirements, kind changes); and their
translations from `fixtures/locale/<language>/checklist/NN-<slug>.json`."""

from __future__ import annotations

import json
import re
from pathlib import Path

from django.db import transaction

from glossary.models import Term
from kinklist.content import (
    ContentError,
    LoadReport,
    TranslationReport,
    check_lengths,
    gaps,
    read_json_files,
    upsert,
)

from . import operations
from .models import Activity, ActivityTranslation, Category, CategoryTranslation

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


@transaction.atomic
def load_activity_translations(folder: Path, language: str) -> tuple[TranslationReport, TranslationReport]:
    """Categories' and activities' texts in `language`, matched to the English ones by slug. Loaded after
    English; kinds, risks, order and links stay the English ones'."""
    category_report, activity_report = TranslationReport(), TranslationReport()
    categories = {category.slug: category for category in Category.objects.all()}
    activities = {activity.slug: activity for activity in Activity.objects.all()}
    existing_categories = {t.category_id: t for t in CategoryTranslation.objects.filter(language=language)}
    existing_activities = {t.activity_id: t for t in ActivityTranslation.objects.filter(language=language)}
    seen: set[str] = set()

    for entry in read_category_files(folder):
        category = categories.get(entry["slug"])
        if category is None:
            raise ContentError(f"{entry['slug']}: no category has this slug in English")
        values = {"name": entry.get("name", ""), "intro": entry.get("intro", "")}
        check_lengths(CategoryTranslation, category.slug, values)
        existing = existing_categories.get(category.pk)
        key = {"category": category, "language": language}
        upsert(CategoryTranslation, existing, key, values, category_report, category.slug)
        for item in entry.get("activities", []):
            activity = activities.get(item["slug"])
            if activity is None:
                raise ContentError(f"{item['slug']}: no activity has this slug in English")
            if item["slug"] in seen:
                raise ContentError(f"{item['slug']}: listed twice")
            seen.add(item["slug"])
            values = {
                "name": item.get("name", ""),
                "description": item.get("description", ""),
                **_wording(activity, item),
            }
            check_lengths(ActivityTranslation, activity.slug, values)
            existing = existing_activities.get(activity.pk)
            key = {"activity": activity, "language": language}
            upsert(ActivityTranslation, existing, key, values, activity_report, activity.slug)

    category_report.missing = list(category_gaps(language))
    activity_report.missing = list(activity_gaps(language))
    return category_report, activity_report


def _wording(activity: Activity, item: dict) -> dict:
    """The give and receive wording of a translated activity: both where English has them, else none."""
    if activity.kind == Activity.Kind.SHARED:
        if "give" in item or "receive" in item:
            raise ContentError(
                f"{activity.slug}: English rates it once (shared), so it has no give or receive"
            )
        return {"give_text": "", "receive_text": ""}
    if not (item.get("give") and item.get("receive")):
        raise ContentError(f"{activity.slug}: English rates each side, so it needs both give and receive")
    return {"give_text": item["give"], "receive_text": item["receive"]}


def category_gaps(language: str) -> dict[str, list[str]]:
    """Every category with the fields its translation into `language` lacks."""
    translations = {t.category_id: t for t in CategoryTranslation.objects.filter(language=language)}
    return gaps(Category.objects.all(), translations, lambda category: ("name", "intro"))


def activity_gaps(language: str) -> dict[str, list[str]]:
    """Every activity on offer (not retired) with the fields its translation into `language` lacks."""
    translations = {t.activity_id: t for t in ActivityTranslation.objects.filter(language=language)}

    def fields(activity: Activity) -> tuple[str, ...]:
        wording = ("give_text", "receive_text") if activity.kind == Activity.Kind.DIRECTIONAL else ()
        return ("name", "description", *wording)

    return gaps(Activity.objects.filter(retired__isnull=True), translations, fields)
