"""The sealed pages' scripts say nothing in English of their own: each sentence they show is one the page
wrote in its language (static/js/sealed/words.js). So every name a script asks for must be on every page
that loads it, or the script would fail just where it has something to tell."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

SCRIPTS = settings.BASE_DIR / "static" / "js" / "sealed"
TEMPLATES = settings.BASE_DIR / "templates"

IMPORT = re.compile(r'from\s+"\./([\w-]+\.js)"')
ASKED = re.compile(r'\b(?:word|filled|sentence)\(\s*"([\w-]+)"|\bcounted\([^,()]+,\s*"([\w-]+)"')
LOADED = re.compile(r"js/sealed/([\w-]+\.js)")
INCLUDE = re.compile(r'{%\s*include\s+"([^"]+)"')
GIVEN = re.compile(r'data-word="([\w-]+)"')


def modules(name: str, seen: set[str] | None = None) -> set[str]:
    """The script and everything it imports."""
    seen = set() if seen is None else seen
    if name not in seen:
        seen.add(name)
        for imported in IMPORT.findall((SCRIPTS / name).read_text()):
            modules(imported, seen)
    return seen


def asked(script: str) -> set[str]:
    return {
        next(filter(None, names))
        for module in modules(script)
        for names in ASKED.findall((SCRIPTS / module).read_text())
    }


def template_text(path: Path) -> str:
    text = path.read_text()
    return text + "".join(template_text(TEMPLATES / name) for name in INCLUDE.findall(text))


PAGES = sorted(
    (path.relative_to(TEMPLATES).as_posix(), script)
    for path in TEMPLATES.rglob("*.html")
    for script in set(LOADED.findall(path.read_text()))
)


def test_the_words_are_looked_for_where_the_pages_give_them():
    assert ("checklist/sealed/checklist.html", "checklist-page.js") in PAGES
    assert {"unreachable", "refused", "saving", "not-saved"} <= asked("checklist-page.js")


@pytest.mark.parametrize(("template", "script"), PAGES)
def test_every_page_gives_every_word_its_scripts_ask_for(template, script):
    given = set(GIVEN.findall(template_text(TEMPLATES / template)))
    assert asked(script) <= given, f"{template} lacks {sorted(asked(script) - given)} for {script}"


def test_the_scripts_write_no_sentence_of_their_own():
    """A status or error a person reads comes from the page's words, never from an English string literal."""
    english = re.compile(r'(?:textContent\s*=|new Refused\()\s*[`"][A-Z][a-z]+ [a-z]')
    found = [
        f"{path.name}: {line.strip()}"
        for path in SCRIPTS.glob("*.js")
        for line in path.read_text().splitlines()
        if english.search(line)
    ]
    assert not found, "\n".join(found)
