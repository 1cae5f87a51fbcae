from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_it_lists_terms_a_to_z_grouped_by_letter_with_definitions(client, make_term):
    make_term("tpe", name="TPE", definition="Authority across every area.")
    make_term("aftercare", name="Aftercare", definition="Care after a scene.")
    make_term("24-7-dynamic", name="24/7 dynamic", definition="Always on.")
    make_term("brat", name="Brat", definition="Playful resistance.")

    html = client.get("/glossary/").content.decode()

    headings = re.findall(r'<h2 id="letter-([^"]+)">', html)
    assert headings == ["#", "A", "B", "T"]
    assert re.findall(r'<a href="#letter-([^"]+)">', html) == headings
    names = re.findall(r'<dt><a href="/glossary/[^"]+/">([^<]+)</a>', html)
    assert names == ["24/7 dynamic", "Aftercare", "Brat", "TPE"]
    assert "Care after a scene." in html
    assert "4 terms" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("after", ["Aftercare"]),  # name
        ("ALWAYS-ON", ["24/7 dynamic"]),  # alias, any case
        ("resistance", ["Brat"]),  # definition
    ],
)
def test_it_searches_names_aliases_and_definitions(client, make_term, query, expected):
    make_term("aftercare", name="Aftercare", definition="Care after a scene.")
    make_term("24-7-dynamic", name="24/7 dynamic", definition="Runs all day.", aliases=("always-on dynamic",))
    make_term("brat", name="Brat", definition="Playful resistance.")

    html = client.get("/glossary/", {"q": query}).content.decode()

    assert re.findall(r'<dt><a href="/glossary/[^"]+/">([^<]+)</a>', html) == expected
    assert f"match “{query}”" in html


def test_it_lists_a_term_once_when_several_aliases_match(client, make_term):
    make_term("drop", name="Drop", aliases=("sub drop", "top drop"))

    html = client.get("/glossary/", {"q": "drop"}).content.decode()

    assert html.count('href="/glossary/drop/"') == 1
    assert "1 term match" in html


def test_it_says_so_when_nothing_matches(client, make_term):
    make_term("brat", name="Brat")

    html = client.get("/glossary/", {"q": "zzz"}).content.decode()

    assert "Nothing in the glossary matches that yet." in html
    assert "0 terms match" in html


def test_it_answers_htmx_with_only_the_results_fragment(client, make_term):
    make_term("aftercare", name="Aftercare")
    make_term("brat", name="Brat")

    response = client.get("/glossary/", {"q": "brat"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert "<html" not in html
    assert "<h1>" not in html
    assert 'href="/glossary/brat/"' in html
    assert 'href="/glossary/aftercare/"' not in html


@pytest.mark.parametrize("query", ["%", "_", "'; DROP TABLE glossary_term; --", "<script>"])
def test_it_searches_odd_input_literally(client, make_term, query):
    make_term("brat", name="Brat")

    response = client.get("/glossary/", {"q": query})

    assert response.status_code == 200
    assert "0 terms match" in response.content.decode()
    assert "<script>" not in response.content.decode().split("</head>")[1]


@pytest.mark.parametrize(
    ("query", "message"),
    [("x" * 101, "100 characters or fewer"), ("a\x00b", "Null characters are not allowed.")],
)
def test_it_answers_bad_searches_with_400_and_a_message(client, make_term, query, message):
    make_term("brat", name="Brat")

    response = client.get("/glossary/", {"q": query})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'href="/glossary/brat/"' in response.content.decode()


def test_to_htmx_a_bad_search_is_the_results_fragment_with_the_message(client, make_term):
    make_term("brat", name="Brat")

    response = client.get("/glossary/", {"q": "x" * 101}, headers={"HX-Request": "true"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "<h1>" not in html
    assert "Please search for 100 characters or fewer. Showing every term instead." in html
    assert 'href="/glossary/brat/"' in html


def test_the_search_box_takes_no_more_than_a_search_may_hold(client):
    from glossary.forms import SearchForm

    html = client.get("/glossary/").content.decode()

    assert f'maxlength="{SearchForm.base_fields["q"].max_length}"' in html


def test_it_wires_the_live_filter_to_a_real_form(client, make_term):
    html = client.get("/glossary/").content.decode()

    assert '<form class="search" method="get" action="/glossary/" role="search">' in html
    assert 'data-hx-get="/glossary/"' in html
    assert 'data-hx-target="#glossary-results"' in html
    assert '<label for="glossary-q">' in html
