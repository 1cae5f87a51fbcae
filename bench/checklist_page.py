"""The checklist page in process, over the bench's database: where its time goes, and what people get.

    .venv/bin/python bench/checklist_page.py profile [--runs 300] [--what page|save]
    .venv/bin/python bench/checklist_page.py pages DIR   # on two versions, then: diff -r DIR1 DIR2

Both make the same people through the site's own views (BENCH_DATABASE_URL, as `make bench`): someone
who just started, someone with 150 answers, someone who also left three sections out, and a couple who
paired (before and after pressing Ready). `profile` times the page of a person with 150 answers and a partner
against the read baseline (with --what save, their one-tap save against the write baseline) and prints
cProfile's view of it; `pages` writes every page and fragment the checklist serves them, with the CSRF tokens
and random ids that differ on every response taken out, so that two versions can be compared byte for byte.
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import pstats
import random
import re
import statistics
import time
from pathlib import Path

from run import DATABASE_URL
from serving import environment, prepare

ANSWERED = 150
VARYING = re.compile(
    r'name="csrfmiddlewaretoken" value="[^"]+"|"X-CSRFToken": "[^"]+"|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-'
    r"[0-9a-f]{4}-[0-9a-f]{12}"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    profiling = commands.add_parser("profile")
    profiling.add_argument("--runs", type=int, default=300)
    profiling.add_argument("--what", choices=["page", "save"], default="page")
    commands.add_parser("pages").add_argument("folder", type=Path)
    arguments = parser.parse_args()
    prepare(environment(DATABASE_URL, RATELIMIT_ENABLE="0", BENCH_BASELINE="1"))
    if arguments.command == "profile":
        profile(arguments.runs, arguments.what)
    else:
        write_pages(arguments.folder)


def person():
    from django.test import Client

    client = Client()
    assert client.post("/start/").status_code == 303
    return client


def answer_some(client, seed: int) -> None:
    from checklist.answers import field_name
    from checklist.catalogue import catalogue

    chosen = random.Random(seed).sample(list(catalogue().placement), ANSWERED)
    answers = {
        field_name(*key): random.Random(seed + n).choice(["yes", "maybe", "no"])
        for n, key in enumerate(chosen)
    }
    assert client.post("/checklist/", answers).status_code == 303


def pair(inviter, invitee) -> None:
    invite = re.search(r"/invite/[^/\"]+/", inviter.post("/pairings/invite/").content.decode()).group()
    assert invitee.post(invite).status_code == 303


def profile(runs: int, what: str) -> None:
    from checklist.answers import field_name
    from checklist.catalogue import catalogue

    client = person()
    answer_some(client, 1)
    pair(client, person())  # like make bench's visitor: the page names a partner, which costs a query
    field = field_name(*catalogue().order[0])
    answers = itertools.cycle(["yes", "maybe", "no"])  # each save changes the answer, so each one writes
    requests = {
        "checklist page": lambda: client.get("/checklist/"),
        "read baseline": lambda: client.get("/bench/baseline/read/"),
        "one-tap save": lambda: client.post(
            "/checklist/", {field: next(answers)}, headers={"HX-Request": "true"}
        ),
        "write baseline": lambda: client.post("/bench/baseline/write/"),
    }
    pairs = {"page": ("checklist page", "read baseline"), "save": ("one-tap save", "write baseline")}[what]
    times = {name: [] for name in pairs}
    for run in range(runs + 20):  # taken in turns, so that the machine's drift touches both alike
        for name in pairs:
            started = time.perf_counter()
            requests[name]()
            if run >= 20:
                times[name].append(time.perf_counter() - started)
    mine, baseline = (statistics.median(times[name]) * 1000 for name in pairs)
    print(
        f"In process, median of {runs} (a person with {ANSWERED} answers and a partner): {pairs[0]} "
        f"{mine:.2f} ms, {pairs[1]} {baseline:.2f} ms ({mine / baseline:.2f}x)\n"
    )
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        requests[pairs[0]]()
    profiler.disable()
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("cumulative").print_stats(60)
    stats.sort_stats("tottime").print_stats(20)


def write_pages(folder: Path) -> None:
    from checklist.catalogue import catalogue

    folder.mkdir(parents=True, exist_ok=True)
    sections = catalogue().sections
    largest = max(sections, key=lambda section: section.size).slug
    fresh, answered, left_out, partner = person(), person(), person(), person()
    for seed, client in enumerate((answered, left_out, partner), start=1):
        answer_some(client, seed)
    shown = [section.slug for section in sections[3:] if not section.starts_hidden]
    assert left_out.post("/checklist/sections/", {"shown": shown}).status_code == 303
    pair(answered, partner)
    people = {"fresh": fresh, "answered": answered, "left-out": left_out, "partner": partner}
    for name, client in people.items():
        write_views(folder, name, client, largest)
    pairing = re.search(r'href="(/pairings/[^"]+/)"', answered.get("/checklist/").content.decode()).group(1)
    for client in (answered, partner):
        assert client.post(f"{pairing}ready/", {"confirm": "1"}).status_code == 303
    for name in ("answered", "partner"):
        write_views(folder, f"{name}-after-ready", people[name], largest)
    print(f"Pages written to {folder}")


def write_views(folder: Path, name: str, client, largest: str) -> None:
    from checklist.answers import field_name
    from checklist.catalogue import catalogue

    htmx = {"HX-Request": "true"}
    first = field_name(*catalogue().order[0])
    views = {
        "page": client.get("/checklist/"),
        "unanswered": client.get("/checklist/?show=unanswered"),
        "largest": client.get(f"/checklist/?category={largest}"),
        "largest-htmx": client.get(f"/checklist/?category={largest}", headers=htmx),
        "largest-unanswered-htmx": client.get(
            f"/checklist/?category={largest}&show=unanswered", headers=htmx
        ),
        "save-htmx": client.post("/checklist/", {first: "maybe"}, headers=htmx),
        "clear-htmx": client.post("/checklist/", {"clear": first}, headers=htmx),
    }
    for view, response in views.items():
        assert response.status_code == 200, (name, view, response.status_code)
        (folder / f"{name}-{view}.html").write_text(VARYING.sub("", response.content.decode()))


if __name__ == "__main__":
    main()
