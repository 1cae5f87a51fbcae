"""The loader: idempotent, and never overwriting what an admin changed."""

from __future__ import annotations

import pytest

from glossary.content import load_terms
from glossary.models import Alias, Term
from kinklist.content import ContentError
from tests.helpers import term_data

pytestmark = pytest.mark.django_db


def test_it_adds_terms_with_aliases_and_links(write_terms):
    folder = write_terms(
        term_data("tpe", aliases=["total power exchange"], related=["d-s", "m-s"], confused_with=["d-s"]),
        term_data("d-s", name="D/s", related=["tpe", "m-s"]),
        term_data("m-s", name="M/s", related=["tpe", "d-s"]),
    )

    report = load_terms(folder)

    assert sorted(report.added) == ["d-s", "m-s", "tpe"]
    tpe = Term.objects.get(slug="tpe")
    assert [t.slug for t in tpe.related.order_by("slug")] == ["d-s", "m-s"]
    assert [t.slug for t in tpe.confused_with.all()] == ["d-s"]
    assert list(tpe.aliases.values_list("slug", "name")) == [("total-power-exchange", "total power exchange")]
    assert tpe.related_to == "Consent, Negotiation"


def test_it_is_idempotent(write_terms):
    folder = write_terms(term_data("tpe", aliases=["total power exchange"]), term_data("d-s"))
    load_terms(folder)
    first_updated = Term.objects.get(slug="tpe").updated

    report = load_terms(folder)

    assert sorted(report.unchanged) == ["d-s", "tpe"]
    assert report.added == report.updated == []
    assert Term.objects.count() == 2
    assert Alias.objects.count() == 1
    assert Term.objects.get(slug="tpe").updated == first_updated


def test_it_updates_terms_nobody_edited(write_terms):
    folder = write_terms(term_data("tpe", definition="Old.", aliases=["old name"]))
    load_terms(folder)
    write_terms(term_data("tpe", definition="New.", aliases=["new name"]))

    report = load_terms(folder)

    assert report.updated == ["tpe"]
    tpe = Term.objects.get(slug="tpe")
    assert tpe.definition == "New."
    assert list(tpe.aliases.values_list("name", flat=True)) == ["new name"]


def test_it_never_overwrites_a_term_edited_in_the_admin(write_terms, staff_client):
    folder = write_terms(term_data("tpe", definition="From the files.", related=["d-s"]), term_data("d-s"))
    load_terms(folder)
    tpe = Term.objects.get(slug="tpe")
    form = {
        "name": tpe.name,
        "slug": "tpe",
        "definition": "Written by our editor.",
        "status": "published",
        "type": tpe.type,
        "risk_level": tpe.risk_level,
        "beginner_friendly": tpe.beginner_friendly,
        "related_to": tpe.related_to,
        "body": tpe.body,
        "often_confused_with": tpe.often_confused_with,
        "safety_note": tpe.safety_note,
        "related": [],
        "confused_with": [],
        "translations-TOTAL_FORMS": "0",
        "translations-INITIAL_FORMS": "0",
        "aliases-TOTAL_FORMS": "1",
        "aliases-INITIAL_FORMS": "0",
        "aliases-0-name": "editor alias",
        "aliases-0-slug": "editor-alias",
        "aliases-0-language": "en",
    }
    response = staff_client.post(f"/admin/glossary/term/{tpe.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    write_terms(term_data("tpe", definition="Changed in the files.", related=["d-s"], aliases=["file alias"]))

    report = load_terms(folder)

    assert report.kept == ["tpe"]
    tpe.refresh_from_db()
    assert tpe.edited_here
    assert tpe.definition == "Written by our editor."
    assert list(tpe.related.all()) == []
    assert list(tpe.aliases.values_list("name", flat=True)) == ["editor alias"]


def test_unticking_edited_here_hands_the_term_back_to_the_files(write_terms):
    folder = write_terms(term_data("tpe", definition="From the files."))
    load_terms(folder)
    Term.objects.filter(slug="tpe").update(definition="Edited.", edited_here=False)

    load_terms(folder)

    assert Term.objects.get(slug="tpe").definition == "From the files."


def test_it_refuses_an_alias_that_is_a_term_address(write_terms):
    folder = write_terms(term_data("tpe"), term_data("d-s", aliases=["TPE"]))

    with pytest.raises(ContentError, match="addresses of terms"):
        load_terms(folder)

    assert Term.objects.count() == 0  # all or nothing


def test_it_refuses_links_to_unknown_terms(write_terms):
    folder = write_terms(term_data("tpe", related=["nowhere"]))

    with pytest.raises(ContentError, match="unknown terms"):
        load_terms(folder)


def test_it_refuses_a_file_whose_slug_does_not_match_its_name(write_terms, tmp_path):
    folder = write_terms(term_data("tpe"))
    (folder / "tpe.json").rename(folder / "other.json")

    with pytest.raises(ContentError, match="file name"):
        load_terms(folder)
