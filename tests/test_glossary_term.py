from __future__ import annotations

import json
import re

import pytest

from checklist.models import ActivityTranslation
from glossary.models import Alias, TermTranslation

pytestmark = pytest.mark.django_db


def test_it_shows_the_whole_anatomy_of_a_term(client, make_term):
    tpe = make_term("tpe", name="TPE", definition="Authority across every area of life.")
    term = make_term(
        "24-7-dynamic",
        name="24/7 dynamic",
        aliases=("24/7", "always-on dynamic"),
        definition="A dynamic that runs all the time.",
        type="dynamic",
        risk_level="medium-high",
        beginner_friendly="not-yet",
        related_to="D/s, M/s, TPE",
        body="## What it looks like\n\n- Forms of address\n- Daily rules",
        often_confused_with="People mix it up with TPE, which is about scope.",
        safety_note="Regular check-ins out of role keep it healthy.",
    )
    term.related.add(tpe)
    term.confused_with.add(tpe)

    response = client.get("/glossary/24-7-dynamic/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 id="term-title">24/7 dynamic</h1>' in html
    assert "Also written: 24/7, always-on dynamic" in html
    assert "A dynamic that runs all the time." in html
    for label, value in [
        ("Type", "Dynamic"),
        ("Risk level", "Medium-High"),
        ("Beginner-friendly", "Not yet"),
        ("Related to", "D/s, M/s, TPE"),
    ]:
        assert re.search(rf'<th scope="row">{re.escape(label)}</th><td>{re.escape(value)}</td>', html)
    assert "<h2>What it looks like</h2>" in html
    assert "<li>Forms of address</li>" in html
    assert "People mix it up with TPE" in html
    assert '<a href="/glossary/tpe/">TPE</a>' in html
    assert "Regular check-ins out of role keep it healthy." in html
    assert "Authority across every area of life." in html  # related term's one-line definition
    assert "only what you both said yes to is revealed" in html
    assert 'href="/checklist/"' in html


def test_it_has_title_meta_description_canonical_and_structured_data(client, make_term):
    make_term("tpe", name="TPE", definition="Authority across every area of life.")

    html = client.get("/glossary/tpe/").content.decode()

    assert re.search(r"<title>TPE\b[^<]*</title>", html)
    assert '<meta name="description" content="Authority across every area of life.">' in html
    assert '<link rel="canonical" href="http://testserver/glossary/tpe/">' in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "DefinedTerm"
    assert data["name"] == "TPE"
    assert data["url"] == "http://testserver/glossary/tpe/"


def test_it_escapes_raw_html_written_in_the_admin(client, make_term):
    make_term(
        "tpe",
        body="## Fine\n\n<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))",
        safety_note="<b>bold?</b>",
        often_confused_with="<iframe src=//evil.example>",
        definition="</script><script>alert(1)</script>",
    )

    html = client.get("/glossary/tpe/").content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html
    assert "<b>bold?</b>" not in html
    assert "<iframe" not in html
    assert "\\u003C/script\\u003E" in html  # inside the JSON-LD block too


@pytest.mark.parametrize("alias", ["247", "24-7", "always-on-dynamic"])
def test_it_redirects_aliases_permanently(client, make_term, alias):
    make_term("24-7-dynamic", aliases=("24/7", "247", "always-on dynamic"))

    response = client.get(f"/glossary/{alias}/")

    assert response.status_code == 301
    assert response["Location"] == "/glossary/24-7-dynamic/"


def test_it_answers_an_unknown_term_with_404_and_suggestions(client, make_term):
    make_term("aftercare", name="Aftercare", definition="Care after a scene.")
    make_term("safeword", name="Safeword")

    response = client.get("/glossary/aftercar/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "No glossary entry for “aftercar”" in html
    assert '<dt><a href="/glossary/aftercare/">Aftercare</a></dt>' in html  # as the index lists a term
    assert "<dd>Care after a scene.</dd>" in html
    assert "/glossary/safeword/" not in html
    assert 'name="q"' in html  # offers search


def test_it_suggests_through_aliases(client, make_term):
    make_term("consensual-non-consent", name="Consensual non-consent", aliases=("CNC",))

    response = client.get("/glossary/cnc-play/")

    assert response.status_code == 404
    assert "/glossary/consensual-non-consent/" in response.content.decode()


def test_it_hides_drafts_from_the_public(client, make_term):
    make_term("draft-term", name="Secret draft", status="draft", aliases=("draft alias",))

    assert client.get("/glossary/draft-term/").status_code == 404
    assert client.get("/glossary/draft-alias/").status_code == 404
    assert "Secret draft" not in client.get("/glossary/").content.decode()
    assert "Secret draft" not in client.get("/glossary/?q=secret").content.decode()
    assert "draft-term" not in client.get("/glossary/nothing-like-it/").content.decode()


def test_it_lets_staff_preview_drafts(staff_client, make_term):
    make_term("draft-term", name="Secret draft", status="draft")

    response = staff_client.get("/glossary/draft-term/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Draft: only staff can see this page." in html
    assert '<meta name="robots" content="noindex">' in html
    assert "Secret draft" in staff_client.get("/glossary/").content.decode()


@pytest.mark.parametrize("prefix", ["", "/de", "/es"])
def test_it_runs_a_constant_number_of_queries(
    client, catalogue, make_term, django_assert_max_num_queries, prefix
):
    term = make_term("hub", aliases=("centre", "middle"))
    others = [make_term() for _ in range(6)]
    term.related.add(*others)
    term.confused_with.add(*others[:3])
    for activity in catalogue.values():
        activity.terms.add(term)
    # Half of everything translated into each language, the rest shown in English.
    for language in ("de", "es"):
        Alias.objects.create(term=term, name=f"hub-{language}", slug=f"hub-{language}", language=language)
        for each in [term, *others[:3]]:
            TermTranslation.objects.create(term=each, language=language, name=f"{each.name} ({language})")
        for activity in list(catalogue.values())[:2]:
            ActivityTranslation.objects.create(activity=activity, language=language, name=f"{activity.name}!")

    with django_assert_max_num_queries(5):
        html = client.get(f"{prefix}/glossary/hub/").content.decode()
    assert html.count(f'href="{prefix}/glossary/term-') == 9  # related, and confused with


@pytest.mark.parametrize("path", ["/glossary/a%00b/", "/glossary/%E2%80%AE/", "/glossary/" + "x" * 500 + "/"])
def test_it_answers_odd_addresses_with_a_plain_404(client, make_term, path):
    make_term("tpe")

    assert client.get(path).status_code == 404


def test_it_lists_related_activities_linked_into_the_checklist(client, catalogue):
    html = client.get("/glossary/impact-play/").content.decode()

    assert "Related activities on the checklist" in html
    assert '<a href="/checklist/#a-spanking">Spanking</a> — About Spanking.' in html
    assert "Kissing" not in html
